// ActivitySources are process-wide: every app's tracer provider in this process would also record the spans of
// any other app running at the same time. One app (or one pair) at a time keeps each exporter to its own app.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The tests start real processes and inspect them the way ps does: they run where test.sh runs.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]

using System.Reflection;
using System.Runtime.CompilerServices;

namespace SessionSample.Sessions.UnitTests.Modules;

/// <summary>
/// The core does not depend on its modules. A module is a namespace of its own (<see cref="ModuleNamespaces"/>); the
/// core is every other type of the library in <c>SessionSample.Sessions</c> or below it. A core type depends on a module
/// type when the module type is its base type or an interface, or appears in the type of one of its fields or
/// properties or in a method's or constructor's signature (generic arguments, arrays and nullables included). Method
/// bodies are not looked at: a body that calls a module is what the next extraction round removes, and reflection
/// cannot see it anyway. The registration classes in <c>Microsoft.*</c> namespaces are the composition surface, not core.
/// </summary>
public sealed class CoreDependencyTests
{
    private static readonly string[] ModuleNamespaces =
    [
        "SessionSample.Sessions.Encryption",
        "SessionSample.Sessions.Locking",
        "SessionSample.Sessions.Offload",
        "SessionSample.Sessions.Throttling",
        "SessionSample.Sessions.Users",
        "SessionSample.Sessions.WriteThrough",
    ];

    // The core's dependencies on modules that are still there, each "core type -> module type": none. Sign-in binding
    // reaches the core through ISessionBinder/ISignInTarget, the lock through ISessionRequestHook/ISessionHold, write-through
    // through IWriteNowTarget. The list is exact: an entry no longer needed fails the test too, so it can only stay empty.
    private static readonly string[] KnownExceptions = [];

    private static readonly Assembly Library = typeof(SessionStore).Assembly;

    [Fact]
    public void Every_module_namespace_holds_types()
    {
        foreach (var module in ModuleNamespaces)
        {
            Assert.Contains(Library.GetTypes(), type => type.Namespace == module);
        }
    }

    [Fact]
    public void No_core_type_depends_on_a_module_type_beyond_the_known_exceptions()
    {
        var found = CoreTypes().SelectMany(core => Referenced(core).Where(IsModule).Select(module => $"{Name(core)} -> {Name(module)}"))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(KnownExceptions.Order(StringComparer.Ordinal), found);
    }

    [Fact]
    public void The_check_sees_a_dependency_in_a_signature()
    {
        // The detector itself: the encryption module's protector implements the core's seam, a module-to-core edge it must see.
        Assert.Contains(typeof(ISessionValueProtector), Referenced(typeof(DataProtectionValueProtector)));
        Assert.Contains(typeof(SessionValueCodec), Referenced(typeof(SessionSample.Sessions.Offload.SessionOffload)));
    }

    private static IEnumerable<Type> CoreTypes() =>
        Library.GetTypes().Where(type =>
            type.Namespace is { } ns
            && (ns == "SessionSample.Sessions" || ns.StartsWith("SessionSample.Sessions.", StringComparison.Ordinal))
            && !IsModule(type)
            && !IsGenerated(type));

    private static bool IsModule(Type type) => type.Namespace is { } ns && ModuleNamespaces.Contains(ns, StringComparer.Ordinal);

    private static bool IsGenerated(Type type) =>
        type.GetCustomAttribute<CompilerGeneratedAttribute>() is not null || (type.DeclaringType is { } outer && IsGenerated(outer));

    private static IEnumerable<Type> Referenced(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            direct.Add(baseType);
        }

        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(field => field.FieldType));
        direct.AddRange(type.GetProperties(all).Select(property => property.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }

            direct.AddRange(method.GetParameters().Select(parameter => parameter.ParameterType));
        }

        return direct.SelectMany(Unwrap).Distinct();
    }

    // A type and what it is made of: element types of arrays and by-refs, generic arguments (Nullable<T>, Task<T>...).
    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType && !type.IsGenericTypeDefinition
            ? new[] { type.GetGenericTypeDefinition() }.Concat(type.GetGenericArguments().SelectMany(Unwrap))
            : [type];
    }

    private static string Name(Type type) => type.DeclaringType is { } outer ? $"{Name(outer)}.{type.Name}" : type.Name;
}

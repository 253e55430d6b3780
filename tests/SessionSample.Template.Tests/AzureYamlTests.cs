using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace SessionSample.Template.Tests;

/// <summary>azd reads azure.yaml: one .NET service whose project is the Aspire AppHost, hosted on Container Apps.</summary>
[Collection(TemplateCollection.Name)]
public sealed partial class AzureYamlTests(TemplateFixture fixture)
{
    [Fact]
    public void Repository_azure_yaml_points_at_the_AppHost()
    {
        var name = AssertPointsAtAppHost(Repository.Root, Path.Combine("AppHost", "SessionSample.AppHost.csproj"));

        Assert.Equal("sessionsample", name);
    }

    [Fact]
    public void Generated_azure_yaml_points_at_the_renamed_AppHost()
    {
        var name = AssertPointsAtAppHost(fixture.Customized.Directory, Path.Combine("AppHost", "Contoso.Shop.AppHost.csproj"));

        Assert.Equal("contoso-shop", name);
    }

    private static string AssertPointsAtAppHost(string root, string appHostProject)
    {
        var document = new DeserializerBuilder().Build()
            .Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(root, "azure.yaml")));

        var service = Assert.Single((Dictionary<object, object>)document["services"]);
        var settings = (Dictionary<object, object>)service.Value;
        Assert.Equal("dotnet", settings["language"]);
        Assert.Equal("containerapp", settings["host"]);

        var project = Path.GetFullPath(Path.Combine(root, (string)settings["project"]));
        Assert.Equal(Path.GetFullPath(Path.Combine(root, appHostProject)), project);
        Assert.StartsWith("<Project Sdk=\"Aspire.AppHost.Sdk/", File.ReadAllText(project), StringComparison.Ordinal);

        var name = (string)document["name"];
        Assert.Matches(AzdName(), name);
        return name;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex AzdName();
}

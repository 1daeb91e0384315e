namespace DeviceTrust.Testing.AppHost;

/// <summary>Where the repository is, and the web app's build output in one configuration.</summary>
public sealed record WebAppBuild(string RepositoryRoot, string ProjectDirectory, string Assembly)
{
    /// <summary>The web app built in <paramref name="configuration"/> ("Debug", "Release"); it must exist.</summary>
    public static WebAppBuild Locate(string configuration)
    {
        var root = FindRepositoryRoot();
        var project = Path.Combine(root, "src", "DeviceTrust.Web");
        var assembly = Path.Combine(project, "bin", configuration, "net10.0", "DeviceTrust.Web.dll");
        return File.Exists(assembly)
            ? new WebAppBuild(root, project, assembly)
            : throw new InvalidOperationException($"{assembly} does not exist: build src/DeviceTrust.Web in {configuration} first.");
    }

    /// <summary>The web app built in the configuration of the calling program (…/bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
    public static WebAppBuild LocateSameConfiguration()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        return Locate(output.Parent?.Name ?? throw new InvalidOperationException($"Unexpected output path {output.FullName}."));
    }

    /// <summary>The folder holding DeviceTrust.sln, above the calling program's output.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeviceTrust.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"DeviceTrust.sln not found above {AppContext.BaseDirectory}.");
    }
}

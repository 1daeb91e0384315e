namespace DeviceTrust.E2E.Infrastructure;

/// <summary>Where the web app's build output is, found from this assembly's own output directory.</summary>
public sealed record RepositoryPaths(string Root, string WebProjectDirectory, string WebAssembly)
{
    public static RepositoryPaths Locate()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DeviceTrust.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No DeviceTrust.sln above {output.FullName}.");

        // This assembly is built to .../bin/<Configuration>/<tfm>/; the web app is built with the same configuration.
        var configuration = output.Parent?.Name ?? throw new InvalidOperationException($"Unexpected output path {output.FullName}.");
        var project = Path.Combine(root.FullName, "src", "DeviceTrust.Web");
        var assembly = Path.Combine(project, "bin", configuration, output.Name, "DeviceTrust.Web.dll");
        if (!File.Exists(assembly))
            throw new InvalidOperationException($"{assembly} does not exist: build src/DeviceTrust.Web in {configuration} first.");
        return new RepositoryPaths(root.FullName, project, assembly);
    }
}

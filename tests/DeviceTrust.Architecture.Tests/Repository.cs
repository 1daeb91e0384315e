using System.Xml.Linq;

namespace DeviceTrust.Architecture.Tests;

/// <summary>A project file, read as MSBuild XML: what it references directly.</summary>
internal sealed record ProjectFile(string Path, string Name, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences, IReadOnlyList<string> FrameworkReferences)
{
    public static ProjectFile Load(string path)
    {
        var xml = XDocument.Load(path);
        var dir = System.IO.Path.GetDirectoryName(path)!;
        IReadOnlyList<string> Includes(string item) =>
            xml.Descendants().Where(e => e.Name.LocalName == item).Select(e => (string?)e.Attribute("Include")).OfType<string>().ToList();

        return new ProjectFile(
            System.IO.Path.GetFullPath(path),
            System.IO.Path.GetFileNameWithoutExtension(path),
            Includes("ProjectReference").Select(r => System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, r.Replace('\\', '/')))).ToList(),
            Includes("PackageReference"),
            Includes("FrameworkReference"));
    }
}

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Src => Path.Combine(Root, "src");

    public static string ProjectPath(string name) => Path.Combine(Src, name, name + ".csproj");

    public static IReadOnlyList<string> ProtocolProjects()
    {
        var protocols = Path.Combine(Src, "Protocols");
        return Directory.Exists(protocols) ? Directory.GetFiles(protocols, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>The project and every project it reaches through ProjectReference, transitively.</summary>
    public static IReadOnlyList<ProjectFile> Closure(string csproj)
    {
        var seen = new Dictionary<string, ProjectFile>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(csproj)]);
        while (pending.TryPop(out var path))
        {
            if (seen.ContainsKey(path)) continue;
            Assert.True(File.Exists(path), $"Referenced project {path} does not exist.");
            var project = ProjectFile.Load(path);
            seen[path] = project;
            foreach (var reference in project.ProjectReferences) pending.Push(reference);
        }

        return seen.Values.ToList();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DeviceTrust.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException($"DeviceTrust.sln was not found above {AppContext.BaseDirectory}.");
    }
}

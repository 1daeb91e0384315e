namespace DeviceTrust.Architecture.Tests;

public sealed class SolutionTests
{
    [Fact]
    public void Solution_ListsEveryProjectUnderSrcAndTests()
    {
        var sln = File.ReadAllText(Path.Combine(Repository.Root, "DeviceTrust.sln")).Replace('\\', '/');
        var projects = new[] { "src", "tests" }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(Repository.Root, dir), "*.csproj", SearchOption.AllDirectories))
            .Select(p => Path.GetRelativePath(Repository.Root, p).Replace('\\', '/'))
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal))
            .ToList();

        Assert.Contains("src/DeviceTrust.Domain/DeviceTrust.Domain.csproj", projects);
        var missing = projects.Where(p => !sln.Contains($"\"{p}\"", StringComparison.Ordinal)).ToList();
        Assert.Empty(missing);
    }
}

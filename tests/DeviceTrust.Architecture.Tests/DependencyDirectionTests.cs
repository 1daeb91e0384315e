using System.Reflection;
using DeviceTrust.Domain.Devices;

namespace DeviceTrust.Architecture.Tests;

/// <summary>
/// ARCHITECTURE.md: Protocols &lt;- Domain &lt;- Application &lt;- Infrastructure; Web and Cli compose them. Protocol libraries
/// and Domain never reference Web, Infrastructure or EF Core. Checked on the compiled assemblies (what the IL uses) and on
/// the project files (what is referenced even if unused yet).
/// </summary>
public sealed class DependencyDirectionTests
{
    private static readonly string[] PersistenceAndUi = ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "MudBlazor"];

    [Fact]
    public void DomainAssembly_References_NoOtherDeviceTrustAssemblyNorEfCoreAspNetCoreOrMudBlazor()
    {
        var domain = typeof(Device).Assembly;

        var violations = Violations(domain, ["DeviceTrust.", .. PersistenceAndUi]);

        Assert.Equal("DeviceTrust.Domain", domain.GetName().Name);
        Assert.Empty(violations);
    }

    [Fact]
    public void DomainProject_HasNoPackageProjectOrFrameworkReference()
    {
        var project = ProjectFile.Load(Repository.ProjectPath("DeviceTrust.Domain"));

        Assert.Empty(project.PackageReferences);
        Assert.Empty(project.ProjectReferences);
        Assert.Empty(project.FrameworkReferences);
    }

    [Fact]
    public void ProtocolProjects_ReferenceOnlyOtherProtocolsAndNoAspNetCoreOrEfCore()
    {
        var protocolDir = Path.Combine(Repository.Src, "Protocols") + Path.DirectorySeparatorChar;
        var violations = new List<string>();
        foreach (var csproj in Repository.ProtocolProjects())
        {
            foreach (var project in Repository.Closure(csproj))
            {
                if (!project.Path.StartsWith(protocolDir, StringComparison.Ordinal))
                    violations.Add($"{Path.GetFileName(csproj)} reaches non-protocol project {project.Name}");
                violations.AddRange(project.PackageReferences.Where(p => PersistenceAndUi.Any(f => Matches(p, f)))
                    .Select(p => $"{project.Name} references package {p}"));
                violations.AddRange(project.FrameworkReferences.Select(f => $"{project.Name} references framework {f}"));
            }

            // If the library is built beside this test (Web or Cli reference it), check what its IL uses too.
            var dll = Path.Combine(AppContext.BaseDirectory, Path.GetFileNameWithoutExtension(csproj) + ".dll");
            if (File.Exists(dll))
            {
                violations.AddRange(Violations(Assembly.LoadFrom(dll), ["DeviceTrust.Domain", "DeviceTrust.Application", "DeviceTrust.Infrastructure", "DeviceTrust.Web", .. PersistenceAndUi]));
            }
        }

        Assert.Empty(violations);
    }

    [Fact]
    public void ApplicationAssemblyAndProject_DoNotReachInfrastructureWebOrCli()
    {
        var violations = Violations(Load("DeviceTrust.Application"), ["DeviceTrust.Infrastructure", "DeviceTrust.Web", "devicetrust", "DeviceTrust.Simulator", "MudBlazor"]);
        violations.AddRange(ForbiddenProjects("DeviceTrust.Application", "DeviceTrust.Infrastructure", "DeviceTrust.Web", "DeviceTrust.Cli", "DeviceTrust.Simulator"));

        Assert.Empty(violations);
    }

    /// <summary>
    /// Application needs no ASP.NET Core (identity is behind IIdentityService), so its use cases run in any host: no
    /// framework reference, no ASP.NET Core package, and nothing of it in the IL.
    /// </summary>
    [Fact]
    public void ApplicationAssemblyAndProject_ReferenceNoAspNetCore()
    {
        var project = ProjectFile.Load(Repository.ProjectPath("DeviceTrust.Application"));

        var violations = Violations(Load("DeviceTrust.Application"), ["Microsoft.AspNetCore"]);
        violations.AddRange(project.FrameworkReferences.Select(f => $"DeviceTrust.Application references framework {f}"));
        violations.AddRange(project.PackageReferences.Where(p => Matches(p, "Microsoft.AspNetCore")).Select(p => $"DeviceTrust.Application references package {p}"));

        Assert.Empty(violations);
    }

    [Fact]
    public void InfrastructureAssemblyAndProject_DoNotReachWebOrCli()
    {
        var violations = Violations(Load("DeviceTrust.Infrastructure"), ["DeviceTrust.Web", "devicetrust", "MudBlazor"]);
        violations.AddRange(ForbiddenProjects("DeviceTrust.Infrastructure", "DeviceTrust.Web", "DeviceTrust.Cli"));

        Assert.Empty(violations);
    }

    /// <summary>
    /// The simulator plays devices: it may speak the protocols (BRSKI/EST through the protocol libraries) but must not
    /// know the server's layers, so a device can never take a shortcut into the domain or the database.
    /// </summary>
    [Fact]
    public void SimulatorAssemblyAndProject_ReferenceNoDeviceTrustAssemblyButProtocolLibraries()
    {
        var protocols = Repository.ProtocolProjects().Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var violations = Violations(Load("DeviceTrust.Simulator"), ["DeviceTrust."])
            .Where(v => !protocols.Any(p => v.EndsWith(" references " + p, StringComparison.Ordinal)))
            .ToList();
        var reached = Repository.Closure(Repository.ProjectPath("DeviceTrust.Simulator")).Select(p => p.Name)
            .Where(n => n != "DeviceTrust.Simulator" && !protocols.Contains(n));
        violations.AddRange(reached.Select(n => $"DeviceTrust.Simulator reaches project {n}"));

        Assert.Contains("DeviceTrust.Enrollment", protocols);
        Assert.Empty(violations);
    }

    [Fact]
    public void Violations_ForbiddenReference_AreReported()
    {
        // The checks above pass vacuously if Violations never reports; Infrastructure does use EF Core and Application.
        var violations = Violations(Load("DeviceTrust.Infrastructure"), ["Microsoft.EntityFrameworkCore", "DeviceTrust.Application"]);

        Assert.Contains(violations, v => v.Contains("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("DeviceTrust.Application", StringComparison.Ordinal));
        Assert.Contains(ForbiddenProjects("DeviceTrust.Infrastructure", "DeviceTrust.Domain"), v => v.Contains("DeviceTrust.Domain", StringComparison.Ordinal));
    }

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));

    private static List<string> Violations(Assembly assembly, string[] forbidden) =>
        assembly.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(n => forbidden.Any(f => Matches(n, f)))
            .Select(n => $"{assembly.GetName().Name} references {n}")
            .ToList();

    /// <summary>
    /// An assembly name is the forbidden name or one of its family ("Microsoft.AspNetCore" covers "Microsoft.AspNetCore.Http").
    /// Ordinal, because the CLI's assembly is "devicetrust" and must not match "DeviceTrust.Domain".
    /// </summary>
    private static bool Matches(string assemblyName, string forbidden) =>
        string.Equals(assemblyName, forbidden.TrimEnd('.'), StringComparison.Ordinal)
        || assemblyName.StartsWith(forbidden.TrimEnd('.') + ".", StringComparison.Ordinal);

    private static IEnumerable<string> ForbiddenProjects(string project, params string[] forbidden) =>
        Repository.Closure(Repository.ProjectPath(project))
            .Where(p => forbidden.Contains(p.Name, StringComparer.Ordinal))
            .Select(p => $"{project} reaches project {p.Name}");
}

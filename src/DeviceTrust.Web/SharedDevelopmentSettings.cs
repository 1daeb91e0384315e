namespace DeviceTrust.Web;

internal static class SharedDevelopmentSettings
{
    /// <summary>
    /// In Development, the repository root's appsettings.Development.json (shared by the app, the CLI and the tests)
    /// is read after the project's own settings, so the dev users, seed and simulator settings live in one file.
    /// </summary>
    public static WebApplicationBuilder AddSharedDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment()) return builder;
        for (var dir = new DirectoryInfo(builder.Environment.ContentRootPath); dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "appsettings.Development.json");
            if (File.Exists(Path.Combine(dir.FullName, "DeviceTrust.sln")) && File.Exists(shared))
            {
                // Inserted after the project's appsettings files and before the (last) environment variables and the
                // command line, which still win.
                var sources = builder.Configuration.Sources;
                var index = sources.ToList().FindLastIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
                var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = shared, Optional = false, ReloadOnChange = false };
                source.ResolveFileProvider();
                sources.Insert(index < 0 ? sources.Count : index, source);
                break;
            }
        }

        return builder;
    }
}

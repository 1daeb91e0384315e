namespace DeviceTrust.Testing.AppHost;

/// <summary>How to start the web app; <see cref="WebAppProcess"/> adds what every start shares.</summary>
public sealed record WebAppOptions(WebAppBuild Build)
{
    /// <summary>
    /// App settings as environment variables (<c>Section__Key</c>), on top of the launcher's own and of the environment
    /// the child inherits: e.g. <c>Seed__MaxDevicesPerFleet</c>, <c>Simulator__Enabled</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Called with each line the app writes, as it writes it (every line is kept in <see cref="WebAppProcess.Log"/> too).</summary>
    public Action<string>? OnOutput { get; init; }

    /// <summary>Prefix of the temp folder that holds the database and the simulator's state.</summary>
    public string TempFolderPrefix { get; init; } = "devicetrust-app-";

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Start over the data folder (database, simulator state) of an app that was killed (<see cref="WebAppProcess.KillAsync"/>),
    /// as a restarted server would; null: a fresh temp folder. The new app owns the folder from then on.
    /// </summary>
    public DirectoryInfo? DataDirectory { get; init; }
}

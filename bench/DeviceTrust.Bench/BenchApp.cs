using System.Globalization;
using DeviceTrust.Testing.AppHost;

namespace DeviceTrust.Bench;

/// <summary>How both bench drivers start the app: its Release build, through the launcher the e2e suite uses too.</summary>
internal static class BenchApp
{
    public static Task<WebAppProcess> StartAsync(int maxDevicesPerFleet) =>
        WebAppProcess.StartAsync(new WebAppOptions(WebAppBuild.Locate("Release"))
        {
            Settings = new Dictionary<string, string>
            {
                // The drivers are the only device traffic; the hosted simulator would add its own.
                ["Simulator__Enabled"] = "false",
                ["Seed__MaxDevicesPerFleet"] = maxDevicesPerFleet.ToString(CultureInfo.InvariantCulture),
                ["Logging__LogLevel__Default"] = "Warning",
            },
            // Forwarded so warnings and errors of the app show beside the figures.
            OnOutput = line => Console.WriteLine($"  app| {line}"),
            TempFolderPrefix = "devicetrust-bench-",
        }, CancellationToken.None);
}

using System.Diagnostics;
using DeviceTrust.Application.Fleet.FleetSummary;
using DeviceTrust.Application.Fleet.ListDevices;
using DeviceTrust.Bench.FleetQueries;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Infrastructure;
using DeviceTrust.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Measures the device table's queries (ListDevicesHandler) and the fleet summary on a SQLite database holding
// --devices devices (default 100,000), as the dashboard runs them: a page of 25, filtered, sorted, searched.
var devices = args.Length > 1 && args[0] == "--devices" ? int.Parse(args[1]) : 100_000;
const int Runs = 30;

var directory = Directory.CreateTempSubdirectory("devicetrust-queries-").FullName;
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Configuration["ConnectionStrings:DeviceTrust"] = $"Data Source={Path.Combine(directory, "fleet.db")}";
builder.AddInfrastructureServices();
using var host = builder.Build();
await host.Services.InitializeDatabaseAsync();

var seeding = Stopwatch.StartNew();
var classes = await LargeFleet.SeedAsync(host.Services, devices);
Console.WriteLine($"Seeded {devices:N0} devices in {seeding.Elapsed.TotalSeconds:0.0} s");

var list = host.Services.GetRequiredService<ListDevicesHandler>();
var summary = host.Services.GetRequiredService<FleetSummaryHandler>();
var cases = new (string Name, Func<Task> Run)[]
{
    ("first page, by serial", () => list.HandleAsync(new DeviceQuery())),
    ("page 2000, by serial", () => list.HandleAsync(new DeviceQuery(Page: 2000))),
    ("filter state=Quarantined", () => list.HandleAsync(new DeviceQuery(State: DeviceState.Quarantined))),
    ("filter class + firmware", () => list.HandleAsync(new DeviceQuery(DeviceClassId: classes[0], FirmwareVersion: "1.4.2"))),
    ("sort by last seen, desc", () => list.HandleAsync(new DeviceQuery(SortBy: DeviceSort.LastSeen, Descending: true))),
    ("sort by class", () => list.HandleAsync(new DeviceQuery(SortBy: DeviceSort.DeviceClass))),
    ("search serial '04242'", () => list.HandleAsync(new DeviceQuery(Search: "04242"))),
    ("fleet summary (charts)", () => summary.HandleAsync()),
};

Console.WriteLine($"{"query",-28} {"median ms",10} {"p95 ms",8}   ({Runs} runs after 3 warm-ups)");
foreach (var (name, run) in cases)
{
    for (var i = 0; i < 3; i++) await run();
    var times = new List<double>(Runs);
    for (var i = 0; i < Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"{name,-28} {times[Runs / 2],10:0.0} {times[(int)(Runs * 0.95)],8:0.0}");
}

SqliteConnection.ClearAllPools();
Directory.Delete(directory, recursive: true);

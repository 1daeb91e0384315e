using System.Text.Json;
using System.Text.Json.Serialization;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Audit;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Hosting;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DeviceTrust.Web.Api;

/// <summary>A simulated device's faults, and its state as the simulator sees it.</summary>
public sealed record SimulatedDeviceFaults(string Serial, FaultInjection Faults, DeviceSnapshot Device);

/// <summary>
/// DEV-ONLY: the hosted simulator's devices, so QA and end-to-end tests can make a running device misbehave (fault
/// injection: provisioning, telemetry, attestation) and watch what the server does. Mapped only when the simulator is
/// enabled; a device it does not run (or not yet) is 404. Operators and security officers only, and every change audited.
/// </summary>
internal static class SimulatorApi
{
    // Strict, so a misspelt fault is a 400 rather than silently no fault at all; the computed members GET shows are allowed back.
    private static readonly JsonSerializerOptions FaultsJson = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static RouteGroupBuilder MapSimulatorApi(this RouteGroupBuilder api)
    {
        if (!((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<SimulatorOptions>>().Value.Enabled) return api;
        var devices = api.MapGroup("/simulator/devices").WithTags("Development")
            .RequireAuthorization(p => p.RequireRole(Roles.Operator, Roles.SecurityOfficer));
        devices.MapGet("/", (RunningSimulation simulation) => simulation.Devices.Select(View).ToList())
            .WithName("ListSimulatedDevices").WithSummary("DEV-ONLY: the devices the hosted simulator runs, with their faults and state (Operator, SecurityOfficer).");
        devices.MapGet("/{serial}/faults", (string serial, RunningSimulation simulation) => View(Running(simulation, serial)))
            .WithName("GetSimulatedDeviceFaults").WithSummary("DEV-ONLY: a simulated device's faults and state (Operator, SecurityOfficer).");
        devices.MapPut("/{serial}/faults", async Task<NoContent> (string serial, HttpContext http, RunningSimulation simulation, AuditTrail audit,
                IDeviceTrustDbContextFactory db, CancellationToken ct) =>
            {
                var device = Running(simulation, serial);
                var faults = await ReadAsync(http.Request, ct);
                var previous = device.Faults;
                // Audited before it takes effect: a change is never made without its entry.
                await audit.RecordAsync(db, new AuditRecord(http.User.ToActor().Name, AuditActions.SimulatorFaultsChanged, AuditTargets.Device, device.Serial,
                    JsonSerializer.Serialize(new { from = previous, to = faults }, FaultsJson)), ct);
                device.Faults = faults;
                return TypedResults.NoContent();
            })
            .Accepts<FaultInjection>("application/json")
            .WithName("SetSimulatedDeviceFaults")
            .WithSummary("DEV-ONLY: replaces a simulated device's faults, e.g. {\"tamperedDigest\": true} (Operator, SecurityOfficer); audited.");
        return api;
    }

    private static SimulatedDevice Running(RunningSimulation simulation, string serial) =>
        simulation.Find(serial) ?? throw new NotFoundException($"Simulated device {serial}");

    private static SimulatedDeviceFaults View(SimulatedDevice device) => new(device.Serial, device.Faults, device.GetSnapshot());

    /// <exception cref="RequestValidationException">Not a JSON object of faults, an unknown member, or a rate that is not a probability.</exception>
    private static async Task<FaultInjection> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        FaultInjection? faults;
        try
        {
            faults = await JsonSerializer.DeserializeAsync<FaultInjection>(request.Body, FaultsJson, ct);
        }
        catch (JsonException e)
        {
            throw RequestValidationException.For(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.'), $"Not a fault injection: {e.Message}");
        }
        if (faults is null) throw RequestValidationException.For("body", "A JSON object of faults is required; {} clears them.");
        try
        {
            faults.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw RequestValidationException.For(JsonNamingPolicy.CamelCase.ConvertName(e.ParamName ?? "body"), e.Message);
        }
        return faults;
    }
}

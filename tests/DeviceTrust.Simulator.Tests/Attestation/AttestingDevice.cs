using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
using DeviceTrust.Simulator.Attestation;
using DeviceTrust.Simulator.Device;
using DeviceTrust.Simulator.Tests.Infrastructure;

namespace DeviceTrust.Simulator.Tests.Attestation;

/// <summary>
/// A simulated device that knows its UEID and class-id, connected to the test server (hub and verifier), and the ways a
/// test asks it to attest and reads what it sent.
/// </summary>
internal sealed class AttestingDevice : IAsyncDisposable
{
    public const string Serial = "ACME-T1-ATT-00001";
    public static readonly Guid ClassId = Guid.Parse("b322e9c7-4703-55ea-9837-bb955838a83d");
    public static readonly byte[] Ueid = Convert.FromHexString("01A1B2C3D4E5F60718293A4B5C6D7E8F90");

    private readonly DeviceRun _run;

    private AttestingDevice(TestDeviceServer server, TestCredentials credentials, SimulatedDevice device)
    {
        Server = server;
        Credentials = credentials;
        Device = device;
        _run = DeviceRun.Start(device);
    }

    public TestDeviceServer Server { get; }

    public TestCredentials Credentials { get; }

    public SimulatedDevice Device { get; }

    public static SimulatedDeviceSpec Spec => DeviceFixtures.Spec(Serial) with { Ueid = Ueid, ClassId = ClassId };

    /// <summary>Starts the server and the device, and returns once the device is connected and streaming.</summary>
    /// <param name="vendorSecret">Installed beside the attestation key, as the factory of a VendorVerified class embeds one.</param>
    public static async Task<AttestingDevice> StartAsync(FaultInjection? faults = null, TimeProvider? time = null, SimulatedDeviceSpec? spec = null,
        bool withAttestationKey = true, CoseSymmetricKey? vendorSecret = null)
    {
        var server = await TestDeviceServer.StartAsync(time);
        var credentials = new TestCredentials(server.Ca, server.Accept) { WithoutAttestation = !withAttestationKey, VendorSecret = vendorSecret };
        var settings = DeviceFixtures.Settings(server.Url, credentials) with { TimeProvider = time ?? TimeProvider.System };
        var device = new AttestingDevice(server, credentials, new SimulatedDevice(spec ?? Spec, settings, seed: 7, faults));
        await Wait.UntilAsync(() => server.Recorder.Telemetry(Serial).Count > 0, "the device connected and sent a reading");
        return device;
    }

    public AttestationSummary Summary => Device.GetSnapshot().Attestation!;

    public long Answers => Summary.Appraised + Summary.Refused + Summary.Failed;

    /// <summary>Sends "Attest" for a new session and waits for the device's answer: what it posted (if anything) and how it went.</summary>
    public async Task<(TestChallenge Challenge, ReceivedEvidence? Evidence, AttestationOutcome Outcome)> AttestAsync()
    {
        var challenge = Server.Verifier.NewChallenge();
        var (evidence, outcome) = await AnswerAsync(() => Server.SendAttestAsync(Serial, challenge));
        return (challenge, evidence, outcome);
    }

    /// <summary>Runs <paramref name="ask"/> and waits for the device's next answer.</summary>
    public async Task<(ReceivedEvidence? Evidence, AttestationOutcome Outcome)> AnswerAsync(Func<Task> ask)
    {
        var answers = Answers;
        var received = Server.Verifier.Evidence(Serial).Count;
        await ask();
        await Wait.UntilAsync(() => Answers > answers, "the device answered the challenge");
        var evidence = Server.Verifier.Evidence(Serial);
        return (evidence.Count > received ? evidence[^1] : null, Summary.Last!);
    }

    public static EatToken Read(ReceivedEvidence evidence) => EatEvidence.Read(evidence.Body);

    /// <summary>The image digest each component of the evidence reports, by component name.</summary>
    public static Dictionary<string, byte[]> Digests(EatToken token) => token.Claims.Submodules!.ToDictionary(
        s => s.Key, s => DeviceTrustEatProfile.ImageDigestOf(Assert.IsType<EatClaimsSubmodule>(s.Value).Claims)!.Value);

    public async ValueTask DisposeAsync()
    {
        await _run.DisposeAsync();
        await Server.DisposeAsync();
    }
}

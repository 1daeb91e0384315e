using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cli.Vouchers;
using DeviceTrust.Enrollment;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Network;

/// <summary>
/// What the network commands share: connecting with the chosen TLS trust, and turning each kind of failure into one
/// "error:" line and its exit code (see <see cref="ExitCodes"/>).
/// </summary>
public abstract class NetworkRunner(TextWriter output, TextWriter error, TimeProvider timeProvider)
{
    private ServerCertificatePolicy? _tls;
    private bool _insecure;

    protected TextWriter Output => output;

    protected TextWriter Error => error;

    protected TimeProvider Time => timeProvider;

    /// <summary>An HttpClient to the server: plain HTTP, TLS pinned to --trust, or (loudly) unverified TLS.</summary>
    protected HttpClient Connect(ServerConnection connection, X509Certificate2? clientCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.Server.Scheme == Uri.UriSchemeHttp)
            return new HttpClient { BaseAddress = connection.Server };
        if (connection.Insecure)
        {
            error.WriteLine("WARNING: --insecure: the server's TLS certificate is NOT verified; anyone on the path can impersonate the server.");
            _tls = ServerCertificatePolicy.Provisional();
            _insecure = true;
        }
        else
        {
            using var root = CliFiles.ReadCertificate(connection.TrustPath!, "--trust");
            _tls = ServerCertificatePolicy.PinnedTo(X509CertificateLoader.LoadCertificate(root.RawData), timeProvider, checkHostName: true);
        }
        return DeviceHttp.CreateClient(connection.Server, _tls, clientCertificate);
    }

    /// <summary>Runs the command body, mapping failures to exit codes; after an --insecure exchange names what was accepted.</summary>
    protected async Task<int> GuardAsync(Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            return Fail(e.Message, e.ExitCode ?? ExitCodes.Usage);
        }
        catch (PledgeException e)
        {
            return Fail($"{e.Message}{(e.StatusReported ? " (reported to the registrar)" : "")}", e.Failure switch
            {
                PledgeFailure.Refused => e.ServerError is { IsClientError: true } ? ExitCodes.Refused : ExitCodes.ServerUnavailable,
                PledgeFailure.StillPending => ExitCodes.Pending,
                _ => ExitCodes.NotVerified,
            });
        }
        catch (EnrollmentFormatException e)
        {
            return Fail($"malformed answer from the server: {e.Message}", ExitCodes.NotVerified);
        }
        catch (HttpRequestException) when (_tls?.LastRejection is { } rejection)
        {
            return Fail($"TLS: {rejection}", ExitCodes.NotVerified);
        }
        catch (HttpRequestException e)
        {
            return Fail($"cannot reach the server: {e.Message}", ExitCodes.ServerUnavailable);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            return Fail($"the server did not answer in time ({e.InnerException.Message})", ExitCodes.ServerUnavailable);
        }
        finally
        {
            if (_insecure && _tls?.LastPresented is { } presented)
                error.WriteLine($"WARNING: accepted the UNVERIFIED server certificate '{presented.Leaf.Subject}', "
                    + $"SHA-256 {presented.Leaf.GetCertHashString(HashAlgorithmName.SHA256)}; compare it out of band.");
        }
    }

    /// <summary>A refusal: 4xx is the protocol's answer, 5xx the server's failure.</summary>
    protected int Refused(string step, ProtocolError serverError)
    {
        ArgumentNullException.ThrowIfNull(serverError);
        return Fail($"{step} refused: {serverError}", serverError.IsClientError ? ExitCodes.Refused : ExitCodes.ServerUnavailable);
    }

    protected int Pending(string step, TimeSpan retryAfter)
    {
        output.WriteLine($"{step}: pending; the server holds the request. Run the command again in {retryAfter.TotalSeconds:0} s.");
        return ExitCodes.Pending;
    }

    /// <summary>Names, validity and fingerprint of a certificate, to <paramref name="writer"/> (stderr when stdout carries PEM).</summary>
    protected static void Describe(TextWriter writer, string label, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(certificate);
        var summary = CertificateSummary.Of(certificate);
        writer.WriteLine($"{label}: {summary.Subject}");
        writer.WriteLine($"  issuer:  {summary.Issuer}");
        writer.WriteLine($"  valid:   {summary.NotBefore:u} to {summary.NotAfter:u}");
        writer.WriteLine($"  sha-256: {summary.Sha256}");
    }

    private int Fail(string message, int exitCode)
    {
        error.WriteLine($"error: {message}");
        return exitCode;
    }
}

using System.Security.Cryptography;
using DeviceTrust.Enrollment;

namespace DeviceTrust.Simulator.Provisioning;

public sealed partial class BrskiPledge
{
    /// <summary>
    /// The whole bootstrap: the voucher exchange, then on the same connection, now judged by the pinned domain certificate,
    /// EST cacerts and simpleenroll with a fresh P-256 key (RFC 8995 5.8, 5.9), the LDevID checked, and enrollstatus sent
    /// with it on a connection of its own.
    /// </summary>
    /// <exception cref="PledgeException">Any refusal or failed check; failure telemetry is sent first where it can be.</exception>
    /// <exception cref="HttpRequestException">The registrar cannot be reached.</exception>
    public async Task<PledgeResult> ProvisionAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken);
        var exchange = await RequestVoucherAsync(connection, cancellationToken);
        var pinned = exchange.PinnedDomainCertificate;
        var trust = connection.Policy;
        var http = connection.Http;
        var est = new EstClient(http, _options.TimeProvider) { DefaultRetryAfter = _options.DefaultRetryDelay };

        var caCertificates = await EstStepAsync("cacerts", http, trust, () => est.GetCaCertificatesAsync(cancellationToken), cancellationToken);
        Report($"cacerts: {string.Join(", ", caCertificates.Select(c => $"'{c.Subject}'"))}");

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        DeviceIdentity? ldevid = null;
        try
        {
            var csr = BuildCsr(key);
            var issued = await EstStepAsync("simpleenroll", http, trust, () => est.SimpleEnrollAsync(csr, cancellationToken), cancellationToken);
            var verdict = IssuedCertificateCheck.Verify(issued, key, _serialNumber, pinned, caCertificates, Now);
            if (!verdict.IsValid)
            {
                var reported = await PostStatusAsync(http, BrskiPaths.EnrollStatus, false, verdict.Reason, cancellationToken);
                throw new PledgeException(PledgeFailure.EnrollmentRejected, "simpleenroll", verdict.Reason, statusReported: reported);
            }
            ldevid = new DeviceIdentity(issued, key, verdict.Intermediates);
            Report($"simpleenroll: LDevID '{ldevid.Certificate.Subject}' issued by '{ldevid.Certificate.Issuer}', chains to the pinned domain certificate");
            if (_options.LdevidInstalled is { } install)
                await install(ldevid, pinned);

            // RFC 8995 5.9.4: reported with the new credential, which also shows the registrar it works.
            using var withLdevid = DeviceHttp.CreateClient(_registrar, trust, ldevid.TlsCertificate);
            var accepted = await PostStatusAsync(withLdevid, BrskiPaths.EnrollStatus, true, "LDevID installed", cancellationToken);
            return new PledgeResult(ldevid, exchange, caCertificates, accepted);
        }
        catch
        {
            if (ldevid is null)
                key.Dispose();
            else
                ldevid.Dispose();
            throw;
        }
    }

    private byte[] BuildCsr(ECDsa key)
    {
        var subject = DeviceCsr.SubjectFor(_serialNumber);
        if (!_options.Faults.CsrSignedWithOtherKey)
            return DeviceCsr.Create(subject, key);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return DeviceCsr.CreateWithForeignSignature(subject, key, other);
    }

    /// <summary>One EST exchange; any failure is reported with enrollstatus false (with the IDevID) before it is thrown.</summary>
    private async Task<T> EstStepAsync<T>(string step, HttpClient http, ServerCertificatePolicy trust, Func<Task<ServerReply<T>>> send,
        CancellationToken cancellationToken)
    {
        ServerReply<T> reply;
        int attempts;
        try
        {
            (reply, attempts) = await SettleAsync(step, send, cancellationToken);
        }
        catch (HttpRequestException e) when (trust.LastRejection is { } rejection)
        {
            // The server failed the pinned check: nothing more is said to it.
            throw new PledgeException(PledgeFailure.RegistrarUntrusted, step, rejection, innerException: e);
        }
        catch (EnrollmentFormatException e)
        {
            var reported = await PostStatusAsync(http, BrskiPaths.EnrollStatus, false, $"{step}: {e.Message}", cancellationToken);
            throw new PledgeException(PledgeFailure.EnrollmentRejected, step, e.Message, statusReported: reported, innerException: e);
        }
        if (reply is ServerReply<T>.Completed completed)
            return completed.Value;
        var failure = Unsettled(step, reply, attempts);
        var sent = await PostStatusAsync(http, BrskiPaths.EnrollStatus, false, failure.Message, cancellationToken);
        throw Unsettled(step, reply, attempts, sent);
    }
}

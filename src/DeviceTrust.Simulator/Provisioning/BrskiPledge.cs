using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Enrollment.Brski;

namespace DeviceTrust.Simulator.Provisioning;

/// <summary>
/// The pledge side of BRSKI (RFC 8995): provisional TLS to the registrar, a voucher-request signed with the IDevID, the
/// voucher verified against the manufacturer's MASA certificate, the registrar then authenticated against the pinned
/// domain certificate, voucher_status; and (<see cref="ProvisionAsync"/>) EST enrollment of an LDevID (RFC 7030,
/// RFC 8995 5.9) closed by enrollstatus. One pledge object runs one bootstrap at a time.
/// </summary>
public sealed partial class BrskiPledge
{
    private readonly DeviceIdentity _idevid;
    private readonly Uri _registrar;
    private readonly PledgeOptions _options;
    private readonly X509Certificate2 _masa;
    private readonly string _serialNumber;

    /// <param name="idevid">The IDevID with its key and the MASA certificate (the voucher trust anchor).</param>
    /// <param name="registrar">The registrar's HTTPS base address, e.g. https://localhost:5443/.</param>
    public BrskiPledge(DeviceIdentity idevid, Uri registrar, PledgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(idevid);
        ArgumentNullException.ThrowIfNull(registrar);
        if (!registrar.IsAbsoluteUri || registrar.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"The registrar is reached over HTTPS (RFC 8995 5.1), not '{registrar}'.", nameof(registrar));
        _masa = idevid.MasaCertificate
            ?? throw new ArgumentException("The IDevID carries no MASA certificate to verify vouchers with.", nameof(idevid));
        _serialNumber = idevid.SerialNumber
            ?? throw new ArgumentException($"The IDevID subject '{idevid.Certificate.Subject}' has no serialNumber (RFC 8995 2.3.1).", nameof(idevid));
        (options ??= new PledgeOptions()).Validate();
        _idevid = idevid;
        _registrar = registrar;
        _options = options;
    }

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    /// <summary>The voucher exchange alone (RFC 8995 5.2 to 5.7), on a connection of its own.</summary>
    /// <exception cref="PledgeException">Refused, still pending, a voucher the pledge rejects, or an untrusted registrar.</exception>
    /// <exception cref="HttpRequestException">The registrar cannot be reached.</exception>
    public async Task<VoucherExchange> RequestVoucherAsync(CancellationToken cancellationToken = default)
    {
        using var connection = await OpenAsync(cancellationToken);
        return await RequestVoucherAsync(connection, cancellationToken);
    }

    /// <summary>Provisional TLS (RFC 8995 5.1): the IDevID presented, the registrar's certificate recorded but not yet trusted.</summary>
    private async Task<PledgeConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await PledgeConnection.OpenAsync(_registrar, _idevid.TlsCertificate, _idevid.Chain, cancellationToken);
        var registrar = connection.Registrar.Leaf;
        Report($"provisional TLS: registrar presented '{registrar.Subject}' ({registrar.Thumbprint}), not yet trusted");
        return connection;
    }

    /// <summary>
    /// The voucher exchange on <paramref name="connection"/>; when the voucher verifies, the connection is judged by the
    /// pinned domain certificate from then on (RFC 8995 5.6.2).
    /// </summary>
    private async Task<VoucherExchange> RequestVoucherAsync(PledgeConnection connection, CancellationToken cancellationToken)
    {
        const string step = "requestvoucher";
        var registrar = connection.Registrar;
        var http = connection.Http;

        var nonce = PledgeMessages.NewNonce();
        var request = PledgeMessages.VoucherRequest(_serialNumber, nonce, registrar.Leaf, Now);
        var mediaType = _options.ConstrainedVoucher ? BrskiMediaTypes.VoucherCose : BrskiMediaTypes.VoucherCmsJson;
        var body = _options.ConstrainedVoucher ? PledgeMessages.SignCose(request, _idevid) : PledgeMessages.SignCms(request, _idevid);
        Report($"{step}: {mediaType}, {body.Length} bytes, serial-number {_serialNumber}");

        // A 202 asks for the same request again later (RFC 8995 5.6); the nonce stays the one the voucher must echo.
        ServerReply<ReceivedVoucher> reply;
        int attempts;
        try
        {
            (reply, attempts) = await SettleAsync(step, () => PostVoucherRequestAsync(http, body, mediaType, cancellationToken), cancellationToken);
        }
        catch (HttpRequestException e) when (connection.Policy.LastRejection is { } swapped)
        {
            // Another certificate than the one the request names: not the registrar the pledge saw (RFC 8995 5.2).
            throw new PledgeException(PledgeFailure.RegistrarUntrusted, step, swapped, innerException: e);
        }
        if (reply is not ServerReply<ReceivedVoucher>.Completed { Value: var received })
            throw Unsettled(step, reply, attempts);

        var signedVoucher = _options.Faults.TamperVoucher ? VoucherTampering.FlipLastByte(received.Body) : received.Body;
        var verification = !string.Equals(received.MediaType, mediaType, StringComparison.OrdinalIgnoreCase)
            ? new VoucherVerification(VoucherFailure.Malformed, $"Content-Type '{received.MediaType}' is not {mediaType}")
            : _options.ConstrainedVoucher
                ? VoucherVerifier.VerifyCose(signedVoucher, _masa, _serialNumber, nonce, Now)
                : VoucherVerifier.VerifyCms(signedVoucher, _masa, _serialNumber, nonce, Now);
        if (!verification.IsValid)
        {
            var reported = await PostStatusAsync(http, BrskiPaths.VoucherStatus, false, verification.Reason, cancellationToken);
            throw new PledgeException(PledgeFailure.VoucherRejected, step, verification.Reason, voucherFailure: verification.Failure, statusReported: reported);
        }

        // RFC 8995 5.6.2: the provisional connection is now judged against the pinned domain certificate.
        var pinned = verification.PinnedDomainCertificate;
        Report($"voucher verified against the MASA certificate; pinned-domain-cert '{pinned.Subject}'");
        var trust = ServerCertificatePolicy.PinnedTo(pinned, _options.TimeProvider, requireRegistrar: true);
        var untrusted = trust.Judge(registrar);
        if (untrusted is not null)
        {
            var reported = await PostStatusAsync(http, BrskiPaths.VoucherStatus, false, untrusted, cancellationToken);
            throw new PledgeException(PledgeFailure.RegistrarUntrusted, step, untrusted, statusReported: reported);
        }
        connection.Policy = trust;
        var accepted = await PostStatusAsync(http, BrskiPaths.VoucherStatus, true, "voucher verified; registrar authenticated", cancellationToken);
        return new VoucherExchange(verification.Voucher, signedVoucher, received.MediaType, pinned, registrar, attempts, accepted);
    }

    private sealed record ReceivedVoucher(string MediaType, byte[] Body);

    private async Task<ServerReply<ReceivedVoucher>> PostVoucherRequestAsync(HttpClient http, byte[] body, string mediaType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BrskiPaths.RequestVoucher) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        request.Headers.Accept.Add(ServerReplies.AcceptProblemDetails);
        using var response = await http.SendAsync(request, cancellationToken);
        return await ServerReplies.ReadAsync(response,
            async (r, ct) => new ReceivedVoucher(r.Content.Headers.ContentType?.MediaType ?? "", await r.Content.ReadAsByteArrayAsync(ct)),
            Now, _options.DefaultRetryDelay, cancellationToken);
    }

    /// <summary>voucher_status / enrollstatus (RFC 8995 5.7, 5.9.4); true when answered 2xx. Telemetry: a failure to send it is reported, not thrown.</summary>
    private async Task<bool> PostStatusAsync(HttpClient http, string path, bool status, string reason, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(PledgeMessages.Status(status, reason, _serialNumber));
        content.Headers.ContentType = new MediaTypeHeaderValue(BrskiMediaTypes.Json);
        try
        {
            using var response = await http.PostAsync(path, content, cancellationToken);
            Report($"{path}: status {status.ToString().ToLowerInvariant()} -> HTTP {(int)response.StatusCode}");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException e)
        {
            Report($"{path}: could not be sent ({e.Message})");
            return false;
        }
    }

    /// <summary>Sends until the answer is not 202, or <see cref="PledgeOptions.MaxAttempts"/> requests went unanswered.</summary>
    private async Task<(ServerReply<T> Reply, int Attempts)> SettleAsync<T>(string step, Func<Task<ServerReply<T>>> send, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var reply = await send();
            if (reply is not ServerReply<T>.Pending pending || attempt >= _options.MaxAttempts)
                return (reply, attempt);
            var delay = _options.RetryDelayFor(pending.RetryAfter);
            Report($"{step}: pending (Retry-After {pending.RetryAfter.TotalSeconds:0} s); asking again in {delay.TotalSeconds:0.###} s");
            await Task.Delay(delay, _options.TimeProvider, cancellationToken);
        }
    }

    private static PledgeException Unsettled<T>(string step, ServerReply<T> reply, int attempts, bool statusReported = false) => reply switch
    {
        ServerReply<T>.Refused refused => new PledgeException(PledgeFailure.Refused, step, refused.Error.ToString(), refused.Error, statusReported: statusReported),
        ServerReply<T>.Pending pending => new PledgeException(PledgeFailure.StillPending, step, $"still pending after {attempts} request(s)",
            statusReported: statusReported, retryAfter: pending.RetryAfter),
        _ => throw new ArgumentException($"{reply} is neither a refusal nor pending.", nameof(reply)),
    };

    private void Report(string line) => _options.Progress?.Report(line);
}

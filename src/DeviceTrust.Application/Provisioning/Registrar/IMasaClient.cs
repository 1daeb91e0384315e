namespace DeviceTrust.Application.Provisioning.Registrar;

/// <summary>The MASA's answer: status, body and media type as received (RFC 8995 5.6).</summary>
public sealed record MasaResponse(int StatusCode, byte[] Body, string? MediaType)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>Posts the registrar's voucher-request to a MASA over HTTPS, authenticated with the registrar's certificate (RFC 8995 5.4).</summary>
public interface IMasaClient
{
    /// <exception cref="MasaFailedException">The MASA cannot be reached or timed out.</exception>
    Task<MasaResponse> RequestVoucherAsync(Uri masaBaseUrl, byte[] registrarVoucherRequest, string acceptMediaType, CancellationToken cancellationToken);
}

/// <summary>Where the embedded DEV-ONLY MASA listens; set from configuration or, when empty, from the device listener's address at start.</summary>
public sealed class EmbeddedMasaEndpoint
{
    public const string PathPrefix = "/masa";
    private Uri? _baseUrl;

    public Uri? BaseUrl
    {
        get => _baseUrl;
        set => _baseUrl = value is null ? null : new Uri(value.AbsoluteUri.TrimEnd('/') + "/");
    }

    /// <summary>The MASA URL of one simulated manufacturer: {base}masa/{id}.</summary>
    public Uri For(Guid manufacturerId) =>
        new(BaseUrl ?? throw new MasaFailedException("The embedded MASA has no address yet (the HTTPS device listener is not running)."),
            $"{PathPrefix.TrimStart('/')}/{manufacturerId:D}");
}

using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Application.Provisioning;

/// <summary>Section "Brski": the registrar and the embedded DEV-ONLY MASA.</summary>
public sealed class BrskiOptions
{
    public const string Section = "Brski";

    /// <summary>How long a held pledge is told to wait before asking again (Retry-After, RFC 8995 5.6, RFC 7030 4.2.3).</summary>
    [Range(1, 3600)] public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>How long a voucher from the embedded MASA is valid (expires-on - created-on).</summary>
    [Range(1, 8760)] public int VoucherValidityHours { get; set; } = 24;

    /// <summary>LDevID validity.</summary>
    [Range(1, 3650)] public int LdevidValidityDays { get; set; } = 365;

    /// <summary>DEV-ONLY IDevID validity for minted development identities.</summary>
    [Range(1, 36500)] public int DevelopmentIdevidValidityDays { get; set; } = 3650;

    /// <summary>
    /// Base URL of the embedded MASA (…/masa/{manufacturerId}). Empty: the device listener's own HTTPS address,
    /// found when the server starts.
    /// </summary>
    public string? EmbeddedMasaBaseUrl { get; set; }

    /// <summary>Create DEV-ONLY IDevID CAs and MASA keys for manufacturers without a MASA URL. On in Development.</summary>
    public bool SimulateManufacturers { get; set; }

    [Range(1, 120)] public int MasaTimeoutSeconds { get; set; } = 15;
}

using System.ComponentModel.DataAnnotations;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>Section "Firmware": the firmware catalog's limits and where devices fetch images.</summary>
public sealed class FirmwareCatalogOptions
{
    public const string Section = "Firmware";

    /// <summary>The largest image the catalog accepts (the upload is refused, and nothing stored, above it).</summary>
    [Range(1, 512L * 1024 * 1024)] public long MaxImageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The largest envelope accepted (integrated payloads included).</summary>
    [Range(1, 64L * 1024 * 1024)] public long MaxEnvelopeBytes { get; set; } = 1024 * 1024;

    /// <summary>The device listener's image URL prefix written into manifests the catalog builds: an image is at
    /// {ImageBaseUri}{sha-256 hex}.</summary>
    [Required, Url] public string ImageBaseUri { get; set; } = "https://localhost:5443/firmware/images/";

    public string ImageUri(string digestHex) => ImageBaseUri.TrimEnd('/') + "/" + digestHex;
}

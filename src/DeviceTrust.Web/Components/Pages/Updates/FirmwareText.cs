using System.Globalization;
using DeviceTrust.Domain.Updates;

namespace DeviceTrust.Web.Components.Pages.Updates;

/// <summary>How the firmware pages word releases.</summary>
internal static class FirmwareText
{
    public static string Origin(FirmwareReleaseOrigin origin) => origin switch
    {
        FirmwareReleaseOrigin.CatalogSigned => "Catalog key",
        FirmwareReleaseOrigin.AuthorSigned => "Author",
        _ => origin.ToString(),
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => (bytes / (1024d * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
    };
}

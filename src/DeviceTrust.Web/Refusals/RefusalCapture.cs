using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning;
using DeviceTrust.Application.Provisioning.Registrar;
using DeviceTrust.Application.Refusals;
using DeviceTrust.Domain.Refusals;
using DeviceTrust.Web.Brski;
using DeviceTrust.Web.Est;
using DeviceTrust.Web.Hubs;

namespace DeviceTrust.Web.Refusals;

/// <summary>
/// What a refused device request tells the refusal store, read from the request itself: which endpoint by its path, the
/// remote address, and the TLS client certificate presented (fingerprint, subject, issuer, the subject's serial).
/// </summary>
internal static class RefusalCapture
{
    /// <summary>The device-facing endpoint a path belongs to; null for everything else (the UI and API refuse people, not devices).</summary>
    public static RefusalEndpoint? EndpointOf(PathString path) =>
        path.StartsWithSegments(EmbeddedMasaEndpoint.PathPrefix) ? RefusalEndpoint.Masa
        : path.StartsWithSegments(BrskiEndpoints.Base) ? RefusalEndpoint.Registrar
        : path.StartsWithSegments(EstEndpoints.Base) ? RefusalEndpoint.Est
        : path.StartsWithSegments(DeviceHub.Path) ? RefusalEndpoint.Hub
        : null;

    /// <summary>Records a refused provisioning request (an <see cref="ErrorKind.Refused"/> error answered 403).</summary>
    public static void Record(this IRefusalRecorder recorder, HttpContext http, ApplicationError refused, TimeProvider time)
    {
        if (EndpointOf(http.Request.Path) is not { } endpoint) return;
        var provisioning = refused as ProvisioningRefusedException;
        recorder.Record(RefusalReport.Of(endpoint, provisioning?.Category ?? RefusalCategory.Other, http.Connection.RemoteIpAddress?.ToString(),
            http.Connection.ClientCertificate, provisioning?.SerialNumber, refused.Message, time.GetUtcNow()));
    }

    /// <summary>Records a refused hub connection; without <paramref name="category"/> the recorder tells why from the certificate.</summary>
    public static void RecordHub(this IRefusalRecorder recorder, HttpContext http, RefusalCategory? category, string reason, TimeProvider time) =>
        recorder.Record(RefusalReport.Of(RefusalEndpoint.Hub, category, http.Connection.RemoteIpAddress?.ToString(), http.Connection.ClientCertificate,
            null, reason, time.GetUtcNow()));
}

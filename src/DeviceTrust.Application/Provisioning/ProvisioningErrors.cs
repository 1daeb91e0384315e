using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Refusals;

namespace DeviceTrust.Application.Provisioning;

/// <summary>
/// A well-formed provisioning request this system will not serve: an untrusted or revoked certificate, a serial that
/// does not match the IDevID, a rejected pledge. Maps to 403 with the reason; nothing is persisted in the domain, but the
/// refusal is recorded for security officers (see Refusals), under <see cref="Category"/>.
/// </summary>
/// <param name="category">Why, as the throw site knows it: recorded as is, never parsed from the text.</param>
/// <param name="serialNumber">The device serial the request was about, when the throw site knows it.</param>
public sealed class ProvisioningRefusedException(string reason, RefusalCategory category = RefusalCategory.Other, string? serialNumber = null)
    : ApplicationError(reason)
{
    public override ErrorKind Kind => ErrorKind.Refused;

    public RefusalCategory Category { get; } = category;

    public string? SerialNumber { get; } = serialNumber;
}

/// <summary>The MASA could not be reached or answered with something the registrar cannot pass on. Maps to 502.</summary>
public sealed class MasaFailedException(string reason, Exception? innerException = null) : ApplicationError(reason, innerException)
{
    public override ErrorKind Kind => ErrorKind.Upstream;
}

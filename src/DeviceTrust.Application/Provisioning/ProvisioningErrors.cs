using DeviceTrust.Application.Common;

namespace DeviceTrust.Application.Provisioning;

/// <summary>
/// A well-formed provisioning request this system will not serve: an untrusted or revoked certificate, a serial that
/// does not match the IDevID, a rejected pledge. Maps to 403 with the reason; nothing is persisted.
/// </summary>
public sealed class ProvisioningRefusedException(string reason) : ApplicationError(reason)
{
    public override ErrorKind Kind => ErrorKind.Refused;
}

/// <summary>The MASA could not be reached or answered with something the registrar cannot pass on. Maps to 502.</summary>
public sealed class MasaFailedException(string reason, Exception? innerException = null) : ApplicationError(reason, innerException)
{
    public override ErrorKind Kind => ErrorKind.Upstream;
}

using DeviceTrust.Application.Provisioning;
using Microsoft.AspNetCore.DataProtection;

namespace DeviceTrust.Infrastructure.Provisioning;

/// <summary>Private keys at rest are ASP.NET Data Protection payloads under their own purpose string.</summary>
internal sealed class DataProtectionKeyProtector(IDataProtectionProvider provider) : IPrivateKeyProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("DeviceTrust.Pki.PrivateKeys.v1");

    public byte[] Protect(byte[] pkcs8PrivateKey) => _protector.Protect(pkcs8PrivateKey);

    public byte[] Unprotect(byte[] protectedPrivateKey) => _protector.Unprotect(protectedPrivateKey);
}

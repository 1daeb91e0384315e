using DeviceTrust.Simulator.Credentials;
using Microsoft.AspNetCore.DataProtection;

namespace DeviceTrust.Web.Simulation;

/// <summary>Simulated devices' stored keys, encrypted at rest with the app's Data Protection keys like every other private key.</summary>
internal sealed class DataProtectionStorageProtector(IDataProtectionProvider provider) : IStorageProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("DeviceTrust.Simulator.DeviceStorage");

    public byte[] Protect(byte[] plaintext) => _protector.Protect(plaintext);

    public byte[] Unprotect(byte[] protectedData) => _protector.Unprotect(protectedData);
}

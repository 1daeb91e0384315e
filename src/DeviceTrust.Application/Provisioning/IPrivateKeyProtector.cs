namespace DeviceTrust.Application.Provisioning;

/// <summary>Encrypts private keys for storage and decrypts them for use (ASP.NET Data Protection in the app).</summary>
public interface IPrivateKeyProtector
{
    byte[] Protect(byte[] pkcs8PrivateKey);

    byte[] Unprotect(byte[] protectedPrivateKey);
}

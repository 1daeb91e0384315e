using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Network;

/// <summary>The files the network commands read and write; every failure is a <see cref="CliException"/> with <see cref="ExitCodes.MalformedInput"/>.</summary>
internal static class CliFiles
{
    public static string ReadText(string path, string role) => Io(path, role, "cannot read the file", () => File.ReadAllText(path));

    public static byte[] ReadBytes(string path, string role) => Io(path, role, "cannot read the file", () => File.ReadAllBytes(path));

    /// <summary>The first certificate of a PEM file, or a DER file.</summary>
    public static X509Certificate2 ReadCertificate(string path, string role)
    {
        var bytes = ReadBytes(path, role);
        try
        {
            return bytes.AsSpan().IndexOf("-----BEGIN"u8) >= 0
                ? X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(bytes))
                : X509CertificateLoader.LoadCertificate(bytes);
        }
        catch (CryptographicException e)
        {
            throw new CliException($"{role} {path}: not a PEM or DER X.509 certificate ({e.Message})", ExitCodes.MalformedInput);
        }
    }

    /// <summary>A device's certificate (with any chain after it) and its EC private key, and optionally the MASA certificate.</summary>
    public static DeviceIdentity ReadIdentity(string certificatePath, string keyPath, string? masaPath = null)
    {
        var certificatePem = ReadText(certificatePath, "--cert");
        var keyPem = ReadText(keyPath, "--key");
        using var masa = masaPath is null ? null : ReadCertificate(masaPath, "--masa-cert");
        try
        {
            return DeviceIdentity.FromPem(certificatePem, keyPem, masa?.ExportCertificatePem());
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new CliException($"--cert {certificatePath} / --key {keyPath}: not a usable certificate and EC private key ({e.Message})", ExitCodes.MalformedInput);
        }
    }

    /// <summary>Writes the file, creating its directory; <paramref name="secret"/> files are readable by the owner only.</summary>
    public static void WriteText(string path, string content, string role, bool secret = false) => WriteBytes(path, System.Text.Encoding.ASCII.GetBytes(content), role, secret);

    public static void WriteBytes(string path, byte[] content, string role, bool secret = false) => Io(path, role, "cannot write the file", () =>
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (secret && !OperatingSystem.IsWindows())
            options.UnixCreateMode = ownerOnly;
        using (var stream = new FileStream(path, options))
            stream.Write(content);
        if (secret && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, ownerOnly);   // an existing file keeps its old mode otherwise
        return true;
    });

    private static T Io<T>(string path, string role, string what, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"{role} {path}: {what} ({e.Message})", ExitCodes.MalformedInput);
        }
    }
}

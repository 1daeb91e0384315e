using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeviceTrust.Simulator.Updates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DeviceTrust.Simulator.Credentials;

/// <summary>Encrypts and decrypts what <see cref="DirectoryDeviceStorage"/> writes (the web app passes ASP.NET Data Protection).</summary>
public interface IStorageProtector
{
    byte[] Protect(byte[] plaintext);

    /// <exception cref="CryptographicException">The payload cannot be decrypted (e.g. its key is gone).</exception>
    byte[] Unprotect(byte[] protectedData);
}

/// <summary>
/// Two files per device in a directory, its credentials and its firmware, each written whole (temporary file, then
/// rename) so a crash never leaves half a device. The credentials hold private keys: give a <see cref="IStorageProtector"/>
/// (it protects both files), or keep the directory private.
/// A file that can no longer be read (its protection key went with a reset database, say) is as the device left the
/// factory: no credentials, or the firmware its spec gives.
/// </summary>
public sealed class DirectoryDeviceStorage : IDeviceStorage
{
    private const string CredentialsFile = ".json";
    private const string FirmwareFile = ".firmware.json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _directory;
    private readonly IStorageProtector? _protector;
    private readonly ILogger _logger;

    public DirectoryDeviceStorage(string directory, IStorageProtector? protector = null, ILogger<DirectoryDeviceStorage>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
        _protector = protector;
        _logger = logger ?? NullLogger<DirectoryDeviceStorage>.Instance;
        Directory.CreateDirectory(_directory);
    }

    public Task<StoredCredentials?> LoadAsync(string serial, CancellationToken cancellationToken) =>
        ReadAsync<StoredCredentials>(serial, CredentialsFile, "credentials", cancellationToken);

    public Task SaveAsync(string serial, StoredCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return WriteAsync(serial, CredentialsFile, credentials, cancellationToken);
    }

    public Task<StoredFirmware?> LoadFirmwareAsync(string serial, CancellationToken cancellationToken) =>
        ReadAsync<StoredFirmware>(serial, FirmwareFile, "firmware", cancellationToken);

    public Task SaveFirmwareAsync(string serial, StoredFirmware firmware, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(firmware);
        return WriteAsync(serial, FirmwareFile, firmware, cancellationToken);
    }

    private async Task<T?> ReadAsync<T>(string serial, string suffix, string what, CancellationToken cancellationToken)
        where T : class
    {
        var path = PathOf(serial, suffix);
        if (!File.Exists(path))
            return null;
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        try
        {
            var plaintext = _protector is null ? bytes : _protector.Unprotect(bytes);
            return JsonSerializer.Deserialize<T>(plaintext, Json);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            _logger.LogWarning("Simulated device {Serial}: its stored {What} cannot be read ({Reason}); it starts as it left the factory",
                serial, what, e.Message);
            return null;
        }
    }

    private async Task WriteAsync<T>(string serial, string suffix, T value, CancellationToken cancellationToken)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(value, Json);
        var bytes = _protector is null ? plaintext : _protector.Protect(plaintext);
        var path = PathOf(serial, suffix);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the credential files hold private keys
        await using (var file = new FileStream(temporary, options))
            await file.WriteAsync(bytes, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The serial hex-encoded: whatever characters a serial may hold, it names one file inside the directory.</summary>
    private string PathOf(string serial, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(serial);
        return Path.Combine(_directory, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(serial)) + suffix);
    }
}

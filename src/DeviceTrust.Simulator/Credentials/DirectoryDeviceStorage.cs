using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
/// One file per device in a directory, written whole (temporary file, then rename) so a crash never leaves half a
/// device. The files hold private keys: give a <see cref="IStorageProtector"/>, or keep the directory private.
/// A file that can no longer be read (its protection key went with a reset database, say) is a factory-new device.
/// </summary>
public sealed class DirectoryDeviceStorage : IDeviceStorage
{
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

    public async Task<StoredCredentials?> LoadAsync(string serial, CancellationToken cancellationToken)
    {
        var path = PathOf(serial);
        if (!File.Exists(path))
            return null;
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        try
        {
            var plaintext = _protector is null ? bytes : _protector.Unprotect(bytes);
            return JsonSerializer.Deserialize<StoredCredentials>(plaintext, Json);
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            _logger.LogWarning("Simulated device {Serial}: its stored credentials cannot be read ({Reason}); it starts factory-new", serial, e.Message);
            return null;
        }
    }

    public async Task SaveAsync(string serial, StoredCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(credentials, Json);
        var bytes = _protector is null ? plaintext : _protector.Protect(plaintext);
        var path = PathOf(serial);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // the files hold private keys
        await using (var file = new FileStream(temporary, options))
            await file.WriteAsync(bytes, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The serial hex-encoded: whatever characters a serial may hold, it names one file inside the directory.</summary>
    private string PathOf(string serial)
    {
        ArgumentException.ThrowIfNullOrEmpty(serial);
        return Path.Combine(_directory, Convert.ToHexStringLower(Encoding.UTF8.GetBytes(serial)) + ".json");
    }
}

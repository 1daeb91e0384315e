using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DeviceTrust.Simulator.Credentials;
using DeviceTrust.Simulator.Tests.Attestation;

namespace DeviceTrust.Simulator.Tests.Credentials;

public sealed class DirectoryDeviceStorageTests : IDisposable
{
    private const string Serial = "ACME-T1-STO-00001";

    private readonly string _parent = Directory.CreateTempSubdirectory("devicetrust-storage-").FullName;

    private string StorageDirectory => Path.Combine(_parent, "devices");

    [Fact]
    public async Task LoadAsync_AfterSaveAsync_ReturnsWhatWasSaved()
    {
        var stored = StoredCredentialsSamples.Enrolled();
        await new DirectoryDeviceStorage(StorageDirectory).SaveAsync(Serial, stored, TestContext.Current.CancellationToken);

        // Another instance on the same directory: what a restarted host would see.
        var loaded = await new DirectoryDeviceStorage(StorageDirectory).LoadAsync(Serial, TestContext.Current.CancellationToken);

        Assert.Equal(stored, loaded);
    }

    [Fact]
    public async Task LoadAsync_NeverSaved_ReturnsNull()
    {
        var storage = new DirectoryDeviceStorage(StorageDirectory);

        Assert.Null(await storage.LoadAsync(Serial, TestContext.Current.CancellationToken));
        Assert.True(Directory.Exists(StorageDirectory));
    }

    [Fact]
    public async Task SaveAsync_Again_ReplacesTheDeviceAndLeavesNoTemporaryFile()
    {
        var storage = new DirectoryDeviceStorage(StorageDirectory);
        var factoryNew = StoredCredentialsSamples.FactoryNew();
        var enrolled = StoredCredentialsSamples.Enrolled();
        await storage.SaveAsync(Serial, factoryNew, TestContext.Current.CancellationToken);

        await storage.SaveAsync(Serial, enrolled, TestContext.Current.CancellationToken);

        Assert.Equal(enrolled, await storage.LoadAsync(Serial, TestContext.Current.CancellationToken));
        Assert.Single(Directory.EnumerateFiles(StorageDirectory));
        Assert.Empty(Directory.EnumerateFiles(StorageDirectory, "*.tmp"));
    }

    [Fact]
    public async Task SaveAsync_OnUnix_WritesFilesOnlyTheOwnerCanRead()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("Unix file modes");
            return;
        }

        var storage = new DirectoryDeviceStorage(StorageDirectory);

        await storage.SaveAsync(Serial, StoredCredentialsSamples.Enrolled(), TestContext.Current.CancellationToken);

        var file = Assert.Single(Directory.EnumerateFiles(StorageDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task SaveAsync_WithProtector_KeepsNoPrivateKeyReadableOnDisk()
    {
        var stored = StoredCredentialsSamples.Enrolled();
        var storage = new DirectoryDeviceStorage(StorageDirectory, new AesGcmProtector());

        await storage.SaveAsync(Serial, stored, TestContext.Current.CancellationToken);

        var onDisk = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Assert.Single(Directory.EnumerateFiles(StorageDirectory)),
            TestContext.Current.CancellationToken));
        Assert.DoesNotContain("PRIVATE KEY", onDisk, StringComparison.Ordinal);
        Assert.DoesNotContain(StoredCredentialsSamples.KeyMaterial(stored.LdevidKeyPem!), onDisk, StringComparison.Ordinal);
        Assert.DoesNotContain(StoredCredentialsSamples.KeyMaterial(stored.IdevidKeyPem), onDisk, StringComparison.Ordinal);
        Assert.DoesNotContain(StoredCredentialsSamples.KeyMaterial(stored.AttestationKeyPem!), onDisk, StringComparison.Ordinal);
        Assert.Equal(stored, await storage.LoadAsync(Serial, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_WithProtectorAndVendorSecret_KeepsTheSecretUnreadableOnDiskAndLoadsItBack()
    {
        var secret = VendorVerifiedAttestationTests.NewSecret();
        var stored = StoredCredentialsSamples.FactoryNew(secret);
        var protector = new AesGcmProtector();

        await new DirectoryDeviceStorage(StorageDirectory, protector).SaveAsync(Serial, stored, TestContext.Current.CancellationToken);

        var onDisk = await File.ReadAllBytesAsync(Assert.Single(Directory.EnumerateFiles(StorageDirectory)), TestContext.Current.CancellationToken);
        var text = Encoding.UTF8.GetString(onDisk);
        Assert.Equal(-1, onDisk.AsSpan().IndexOf(secret.ExportKeyValue()));
        Assert.DoesNotContain(Base64Run(stored.VendorAttestationSecret!), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Base64Run(Convert.ToBase64String(secret.ExportKeyValue())), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(secret.ExportKeyValue()), text, StringComparison.OrdinalIgnoreCase);
        // Another instance with the same protection key: what a restarted host would see.
        var loaded = await new DirectoryDeviceStorage(StorageDirectory, protector).LoadAsync(Serial, TestContext.Current.CancellationToken);
        Assert.Equal(stored, loaded);
        using var attestation = AttestationCredential.FromPem(loaded!.AttestationKeyPem!, loaded.AttestationCertificatePem!, loaded.VendorAttestationSecret);
        Assert.Equal(secret.ExportKeyValue(), attestation.VendorSecret!.ExportKeyValue());
        Assert.Equal(secret.KeyId!.Value.ToArray(), attestation.VendorSecret.KeyId!.Value.ToArray());
    }

    [Fact]
    public async Task SaveAsync_WithoutProtector_WritesThePemAsIs()
    {
        // The contrast to the protected case: without a protector the key is in the file, as the class documents.
        var stored = StoredCredentialsSamples.Enrolled();

        await new DirectoryDeviceStorage(StorageDirectory).SaveAsync(Serial, stored, TestContext.Current.CancellationToken);

        var onDisk = await File.ReadAllTextAsync(Assert.Single(Directory.EnumerateFiles(StorageDirectory)), TestContext.Current.CancellationToken);
        Assert.Contains("PRIVATE KEY", onDisk, StringComparison.Ordinal);
        Assert.Contains(StoredCredentialsSamples.KeyMaterial(stored.LdevidKeyPem!), onDisk, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_ProtectorCannotUnprotect_ReturnsNull()
    {
        await new DirectoryDeviceStorage(StorageDirectory, new AesGcmProtector())
            .SaveAsync(Serial, StoredCredentialsSamples.Enrolled(), TestContext.Current.CancellationToken);

        // Another key, as after the host's protection keys went with a reset database.
        var loaded = await new DirectoryDeviceStorage(StorageDirectory, new AesGcmProtector())
            .LoadAsync(Serial, TestContext.Current.CancellationToken);

        Assert.Null(loaded);
    }

    [Fact]
    public async Task LoadAsync_CorruptFile_ReturnsNull()
    {
        var storage = new DirectoryDeviceStorage(StorageDirectory);
        await storage.SaveAsync(Serial, StoredCredentialsSamples.FactoryNew(), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Directory.EnumerateFiles(StorageDirectory).Single(), "{\"idevidPem\": tru", TestContext.Current.CancellationToken);

        Assert.Null(await storage.LoadAsync(Serial, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LoadFirmwareAsync_AfterSaveFirmwareAsync_ReturnsItAndLeavesTheCredentialsAsTheyWere()
    {
        var protector = new AesGcmProtector();
        var credentials = StoredCredentialsSamples.Enrolled();
        var firmware = StoredFirmwareSamples.Updated();
        var storage = new DirectoryDeviceStorage(StorageDirectory, protector);
        await storage.SaveAsync(Serial, credentials, TestContext.Current.CancellationToken);

        await storage.SaveFirmwareAsync(Serial, firmware, TestContext.Current.CancellationToken);

        // Another instance with the same protection key: what a restarted host would see.
        var restarted = new DirectoryDeviceStorage(StorageDirectory, protector);
        StoredFirmwareSamples.AssertSame(firmware, await restarted.LoadFirmwareAsync(Serial, TestContext.Current.CancellationToken));
        Assert.Equal(credentials, await restarted.LoadAsync(Serial, TestContext.Current.CancellationToken));
        Assert.Equal(2, Directory.EnumerateFiles(StorageDirectory).Count());
        Assert.Empty(Directory.EnumerateFiles(StorageDirectory, "*.tmp"));
    }

    [Fact]
    public async Task SaveAsync_AfterSaveFirmwareAsync_LeavesTheFirmwareAsItWas()
    {
        // Enrolling again rewrites the credentials; what the device installed stays.
        var storage = new DirectoryDeviceStorage(StorageDirectory);
        var firmware = StoredFirmwareSamples.Updated();
        await storage.SaveFirmwareAsync(Serial, firmware, TestContext.Current.CancellationToken);

        await storage.SaveAsync(Serial, StoredCredentialsSamples.Enrolled(), TestContext.Current.CancellationToken);

        StoredFirmwareSamples.AssertSame(firmware, await storage.LoadFirmwareAsync(Serial, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LoadFirmwareAsync_NeverSavedOrUnreadable_ReturnsNull()
    {
        var storage = new DirectoryDeviceStorage(StorageDirectory, new AesGcmProtector());
        await storage.SaveAsync(Serial, StoredCredentialsSamples.Enrolled(), TestContext.Current.CancellationToken);
        Assert.Null(await storage.LoadFirmwareAsync(Serial, TestContext.Current.CancellationToken));

        await storage.SaveFirmwareAsync(Serial, StoredFirmwareSamples.Updated(), TestContext.Current.CancellationToken);

        // Another key, as after the host's protection keys went with a reset database: the device runs its factory firmware.
        Assert.Null(await new DirectoryDeviceStorage(StorageDirectory, new AesGcmProtector()).LoadFirmwareAsync(Serial, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("../../escaped")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\evil")]
    [InlineData("a/b\\c:d*e?f\"g<h>i|j\0k")]
    public async Task SaveAsync_SerialWithPathCharacters_StaysInsideTheDirectory(string serial)
    {
        var storage = new DirectoryDeviceStorage(StorageDirectory);
        var stored = StoredCredentialsSamples.FactoryNew();

        await storage.SaveAsync(serial, stored, TestContext.Current.CancellationToken);

        var file = Assert.Single(Directory.EnumerateFiles(_parent, "*", SearchOption.AllDirectories));
        Assert.Equal(StorageDirectory, Path.GetDirectoryName(file));
        Assert.Equal(stored, await storage.LoadAsync(serial, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_SerialsDifferingOnlyInCase_AreTwoDevices()
    {
        var storage = new DirectoryDeviceStorage(StorageDirectory);
        var first = StoredCredentialsSamples.FactoryNew();
        var second = StoredCredentialsSamples.Enrolled();

        await storage.SaveAsync("acme-1", first, TestContext.Current.CancellationToken);
        await storage.SaveAsync("ACME-1", second, TestContext.Current.CancellationToken);

        Assert.Equal(first, await storage.LoadAsync("acme-1", TestContext.Current.CancellationToken));
        Assert.Equal(second, await storage.LoadAsync("ACME-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LoadAsync_EmptySerial_Throws()
    {
        var storage = new DirectoryDeviceStorage(StorageDirectory);

        await Assert.ThrowsAsync<ArgumentException>(() => storage.LoadAsync("", TestContext.Current.CancellationToken));
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    /// <summary>The longest run of <paramref name="base64"/> a JSON writer leaves as it is (letters and digits; it escapes '+').</summary>
    private static string Base64Run(string base64) => Regex.Matches(base64, "[A-Za-z0-9]+").MaxBy(run => run.Length)!.Value;

    /// <summary>A protector with a key of its own, so a second instance cannot read what the first wrote.</summary>
    private sealed class AesGcmProtector : IStorageProtector
    {
        private const int NonceSize = 12;
        private const int TagSize = 16;
        private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

        public byte[] Protect(byte[] plaintext)
        {
            var output = new byte[NonceSize + TagSize + plaintext.Length];
            RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
            using var aes = new AesGcm(_key, TagSize);
            aes.Encrypt(output.AsSpan(0, NonceSize), plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
            return output;
        }

        public byte[] Unprotect(byte[] protectedData)
        {
            var plaintext = new byte[protectedData.Length - NonceSize - TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(protectedData.AsSpan(0, NonceSize), protectedData.AsSpan(NonceSize + TagSize), protectedData.AsSpan(NonceSize, TagSize),
                plaintext);
            return plaintext;
        }
    }
}

using DeviceTrust.Simulator.Credentials;

namespace DeviceTrust.Simulator.Tests.Credentials;

public sealed class InMemoryDeviceStorageTests
{
    private readonly InMemoryDeviceStorage _storage = new();

    [Fact]
    public async Task LoadAsync_AfterSaveAsync_ReturnsWhatWasSaved()
    {
        var stored = StoredCredentialsSamples.Enrolled();

        await _storage.SaveAsync("ACME-1", stored, TestContext.Current.CancellationToken);

        Assert.Equal(stored, await _storage.LoadAsync("ACME-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LoadAsync_NeverSaved_ReturnsNull()
    {
        await _storage.SaveAsync("ACME-1", StoredCredentialsSamples.FactoryNew(), TestContext.Current.CancellationToken);

        Assert.Null(await _storage.LoadAsync("ACME-2", TestContext.Current.CancellationToken));
        Assert.Null(await _storage.LoadAsync("acme-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_Again_ReplacesTheDevice()
    {
        var enrolled = StoredCredentialsSamples.Enrolled();
        await _storage.SaveAsync("ACME-1", StoredCredentialsSamples.FactoryNew(), TestContext.Current.CancellationToken);

        await _storage.SaveAsync("ACME-1", enrolled, TestContext.Current.CancellationToken);

        Assert.Equal(enrolled, await _storage.LoadAsync("ACME-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task LoadFirmwareAsync_AfterSaveFirmwareAsync_ReturnsWhatWasSavedForThatDeviceOnly()
    {
        var firmware = StoredFirmwareSamples.Updated();

        await _storage.SaveFirmwareAsync("ACME-1", firmware, TestContext.Current.CancellationToken);

        Assert.Same(firmware, await _storage.LoadFirmwareAsync("ACME-1", TestContext.Current.CancellationToken));
        Assert.Null(await _storage.LoadFirmwareAsync("ACME-2", TestContext.Current.CancellationToken));
        Assert.Null(await _storage.LoadAsync("ACME-1", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveAsync_Null_Throws()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(() => _storage.SaveAsync("ACME-1", null!, TestContext.Current.CancellationToken));
    }
}

using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DeviceTrust.Application.Tests.Provisioning;

/// <summary>The Enrollment page's long lists page on the server: seven pledges, certificates and MASA log lines, a minute apart.</summary>
public sealed class EnrollmentQueriesPagingTests : IAsyncLifetime
{
    private const int Count = 7;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private TestDatabase _database = null!;
    private List<string> _serialsOldestFirst = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private EnrollmentQueries Queries => _database.Get<EnrollmentQueries>();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(configure: b => b.Services.AddSingleton<TimeProvider>(_clock));
        await using var db = await _database.CreateDbContextAsync();
        var devices = await db.Devices.OrderBy(d => d.SerialNumber).Take(Count).ToListAsync(Ct);
        var manufacturerId = await db.Manufacturers.Select(m => m.Id).FirstAsync(Ct);
        foreach (var (device, i) in devices.Select((d, i) => (d, i)))
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            var now = _clock.GetUtcNow();
            var policy = i % 2 == 0 ? EnrollmentPolicy.AutoAccept : EnrollmentPolicy.OperatorApproval;
            db.PledgeEnrollments.Add(PledgeEnrollment.Open(device.Id, device.SerialNumber, manufacturerId,
                new PledgeIdentity($"{i:x2}".PadLeft(64, 'a'), $"CN={device.SerialNumber}", "CN=Test IDevID CA"), policy, now));
            db.IssuedCertificates.Add(IssuedCertificate.Record(IssuedCertificateKind.Ldevid, device.Id, device.SerialNumber,
                new IssuedCertificateDetails($"0{i + 1}AB", $"CN={device.SerialNumber}", "CN=Test Issuing CA", $"{i:x2}".PadLeft(64, 'f'), now, now.AddDays(365), [0x30]),
                "est-simpleenroll", "idevid", "system", now));
            db.MasaLog.Add(MasaLogEntry.Issued(manufacturerId, device.SerialNumber, new string('c', 64), "CN=Registrar", hadNonce: true, "proximity", now));
            _serialsOldestFirst.Add(device.SerialNumber);
        }

        await db.SaveSetupAsync(Ct);
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private IEnumerable<string> NewestFirst => Enumerable.Reverse(_serialsOldestFirst);

    [Fact]
    public async Task ListAsync_Pages_MostRecentlyActiveFirstWithTheTotal()
    {
        var pages = new List<PagedResult<EnrollmentSummary>>();
        for (var page = 0; page < 3; page++) pages.Add(await Queries.ListAsync([], page, 3, Ct));

        Assert.Equal([3, 3, 1], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal(Count, p.TotalCount));
        Assert.Equal(NewestFirst, pages.SelectMany(p => p.Items).Select(e => e.SerialNumber));
    }

    [Fact]
    public async Task ListAsync_Status_CountsOnlyThatStatus()
    {
        var held = await Queries.ListAsync([PledgeStatus.AwaitingApproval], 0, 2, Ct);

        Assert.Equal(3, held.TotalCount);
        Assert.Equal(NewestFirst.Where((_, k) => k % 2 == 1).Take(2), held.Items.Select(e => e.SerialNumber));
        Assert.All(held.Items, e => Assert.Equal(PledgeStatus.AwaitingApproval, e.Status));
    }

    [Fact]
    public async Task CertificatesAsync_Pages_NewestFirstWithTheTotal()
    {
        var first = await Queries.CertificatesAsync(null, revokedOnly: false, 0, 5, Ct);
        var second = await Queries.CertificatesAsync(null, revokedOnly: false, 1, 5, Ct);

        Assert.Equal(Count, first.TotalCount);
        Assert.Equal(NewestFirst, first.Items.Concat(second.Items).Select(c => c.DeviceSerialNumber));
        // The list the device page reads is the first page of the same query.
        Assert.Equal(first.Items.Take(2), await Queries.CertificatesAsync(null, revokedOnly: false, take: 2, Ct));
    }

    [Fact]
    public async Task MasaLogAsync_Pages_NewestFirstWithTheTotal()
    {
        var last = await Queries.MasaLogAsync(3, 2, Ct);

        Assert.Equal(Count, last.TotalCount);
        Assert.Equal([_serialsOldestFirst[0]], last.Items.Select(l => l.SerialNumber));
    }

    [Theory]
    [InlineData(-1, 10, "page")]
    [InlineData(0, 0, "pageSize")]
    [InlineData(0, 501, "pageSize")]
    public async Task PagedQueries_BadPage_RefusedNamingTheField(int page, int pageSize, string field)
    {
        var list = await Assert.ThrowsAsync<RequestValidationException>(() => Queries.ListAsync([], page, pageSize, Ct));
        var certificates = await Assert.ThrowsAsync<RequestValidationException>(() => Queries.CertificatesAsync(null, false, page, pageSize, Ct));
        var masa = await Assert.ThrowsAsync<RequestValidationException>(() => Queries.MasaLogAsync(page, pageSize, Ct));

        Assert.All(new[] { list, certificates, masa }, e => Assert.Equal([field], e.Errors.Keys));
    }
}

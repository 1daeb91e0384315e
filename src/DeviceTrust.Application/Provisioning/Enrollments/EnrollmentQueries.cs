using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Provisioning.Enrollments;

/// <summary>A pledge's bootstrap as pages and the API show it.</summary>
public sealed record EnrollmentSummary(
    Guid Id, Guid DeviceId, string SerialNumber, string DeviceClass, string Manufacturer, PledgeStatus Status, string IdevidSubject, string IdevidIssuer,
    DateTimeOffset RequestedAt, DateTimeOffset LastRequestAt, int RequestCount, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason,
    DateTimeOffset? VoucherIssuedAt, DateTimeOffset? VoucherExpiresOn, string? VoucherMediaType, bool? VoucherStatusOk, string? VoucherStatusReason,
    DateTimeOffset? EnrolledAt, bool? EnrollStatusOk, string? EnrollStatusReason);

/// <summary>A certificate this domain issued, without its DER.</summary>
public sealed record CertificateSummary(
    Guid Id, Guid? DeviceId, string DeviceSerialNumber, IssuedCertificateKind Kind, string SerialNumber, string Subject, string Fingerprint,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset IssuedAt, string IssuedVia, DateTimeOffset? RevokedAt,
    CertificateRevocationReason? RevocationReason, string? RevokedBy);

/// <summary>One line of the embedded MASA's log.</summary>
public sealed record MasaLogLine(string Manufacturer, string SerialNumber, string Outcome, string? Reason, string RegistrarSubject, string DomainCaFingerprint, DateTimeOffset At);

/// <summary>How many pledges are in each state, and how many certificates were issued and revoked.</summary>
public sealed record EnrollmentCounts(int AwaitingApproval, int InProgress, int Enrolled, int Rejected, int CertificatesIssued, int CertificatesRevoked);

/// <summary>Reads pledges, issued certificates and the MASA log for the Enrollment page, the device page and the API.</summary>
public sealed class EnrollmentQueries(IDeviceTrustDbContextFactory dbFactory)
{
    public const int MaxPageSize = 200;

    public async Task<EnrollmentCounts> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var byStatus = await db.PledgeEnrollments.GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var issued = await db.IssuedCertificates.CountAsync(c => c.Kind == IssuedCertificateKind.Ldevid, cancellationToken);
        var revoked = await db.IssuedCertificates.CountAsync(c => c.Kind == IssuedCertificateKind.Ldevid && c.RevokedAt != null, cancellationToken);
        int Count(PledgeStatus s) => byStatus.GetValueOrDefault(s);
        return new EnrollmentCounts(Count(PledgeStatus.AwaitingApproval), Count(PledgeStatus.Approved) + Count(PledgeStatus.VoucherIssued), Count(PledgeStatus.Enrolled),
            Count(PledgeStatus.Rejected), issued, revoked);
    }

    /// <summary>
    /// The approval queue: pledges awaiting an operator, first come first served. The order stays put while held
    /// pledges keep asking, so a row does not move under an operator's pointer.
    /// </summary>
    public async Task<IReadOnlyList<EnrollmentSummary>> AwaitingApprovalAsync(int take, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rows = await db.PledgeEnrollments.AsNoTracking()
            .Where(e => e.Status == PledgeStatus.AwaitingApproval)
            .OrderBy(e => e.RequestedAt).ThenBy(e => e.SerialNumber)
            .Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(cancellationToken);
        return await SummarizeAsync(db, rows, cancellationToken);
    }

    /// <summary>A page of the pledges in <paramref name="statuses"/> (all when empty), most recently active first.</summary>
    public async Task<PagedResult<EnrollmentSummary>> ListAsync(IReadOnlyCollection<PledgeStatus> statuses, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        Paging.Validate(page, pageSize);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var query = db.PledgeEnrollments.AsNoTracking();
        if (statuses.Count > 0) query = query.Where(e => statuses.Contains(e.Status));
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.LastRequestAt).ThenBy(e => e.SerialNumber)
            .Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new PagedResult<EnrollmentSummary>(await SummarizeAsync(db, rows, cancellationToken), total, page, pageSize);
    }

    public async Task<EnrollmentSummary?> ForDeviceAsync(Guid deviceId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rows = await db.PledgeEnrollments.AsNoTracking().Where(e => e.DeviceId == deviceId).ToListAsync(cancellationToken);
        return (await SummarizeAsync(db, rows, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The signed voucher of an enrollment, for download and inspection.</summary>
    public async Task<(byte[] Voucher, string MediaType, string SerialNumber)?> VoucherAsync(Guid enrollmentId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var row = await db.PledgeEnrollments.AsNoTracking().Where(e => e.Id == enrollmentId && e.Voucher != null)
            .Select(e => new { e.Voucher, e.VoucherMediaType, e.SerialNumber }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Voucher!, row.VoucherMediaType!, row.SerialNumber);
    }

    /// <summary>Certificates, newest first, of one device or all; optionally only revoked ones.</summary>
    public async Task<IReadOnlyList<CertificateSummary>> CertificatesAsync(Guid? deviceId, bool revokedOnly, int take, CancellationToken cancellationToken = default) =>
        (await CertificatesAsync(deviceId, revokedOnly, 0, Math.Clamp(take, 1, MaxPageSize), cancellationToken)).Items;

    /// <summary>A page of the certificates, newest first, of one device or all; optionally only revoked ones.</summary>
    public async Task<PagedResult<CertificateSummary>> CertificatesAsync(Guid? deviceId, bool revokedOnly, int page, int pageSize,
        CancellationToken cancellationToken = default)
    {
        Paging.Validate(page, pageSize);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var query = db.IssuedCertificates.AsNoTracking();
        if (deviceId is { } id) query = query.Where(c => c.DeviceId == id);
        if (revokedOnly) query = query.Where(c => c.RevokedAt != null);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(c => c.IssuedAt).ThenBy(c => c.SerialNumber).Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        var items = rows.Select(c => new CertificateSummary(c.Id, c.DeviceId, c.DeviceSerialNumber, c.Kind, c.SerialNumber, c.Subject, c.Fingerprint, c.NotBefore,
            c.NotAfter, c.IssuedAt, c.IssuedVia, c.RevokedAt, c.RevocationReason, c.RevokedBy)).ToList();
        return new PagedResult<CertificateSummary>(items, total, page, pageSize);
    }

    public async Task<byte[]?> CertificateDerAsync(Guid certificateId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        return await db.IssuedCertificates.AsNoTracking().Where(c => c.Id == certificateId).Select(c => c.CertificateDer).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A page of the embedded MASA's log, newest first.</summary>
    public async Task<PagedResult<MasaLogLine>> MasaLogAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        Paging.Validate(page, pageSize);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var total = await db.MasaLog.CountAsync(cancellationToken);
        var rows = await db.MasaLog.AsNoTracking().OrderByDescending(e => e.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        var names = await db.Manufacturers.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);
        var items = rows.Select(e => new MasaLogLine(names.GetValueOrDefault(e.ManufacturerId, "?"), e.SerialNumber, e.Outcome, e.Reason, e.RegistrarSubject,
            e.DomainCaFingerprint, e.At)).ToList();
        return new PagedResult<MasaLogLine>(items, total, page, pageSize);
    }

    private static async Task<IReadOnlyList<EnrollmentSummary>> SummarizeAsync(IDeviceTrustDbContext db, List<PledgeEnrollment> rows, CancellationToken cancellationToken)
    {
        var deviceIds = rows.Select(r => r.DeviceId).ToList();
        var classes = await db.Devices.AsNoTracking().Where(d => deviceIds.Contains(d.Id))
            .Join(db.DeviceClasses, d => d.DeviceClassId, c => c.Id, (d, c) => new { d.Id, c.Name, c.ManufacturerId })
            .ToDictionaryAsync(x => x.Id, cancellationToken);
        var manufacturers = await db.Manufacturers.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken);
        return rows.Select(e => new EnrollmentSummary(e.Id, e.DeviceId, e.SerialNumber, classes.TryGetValue(e.DeviceId, out var c) ? c.Name : "?",
            manufacturers.GetValueOrDefault(e.ManufacturerId, "?"), e.Status, e.IdevidSubject, e.IdevidIssuer, e.RequestedAt, e.LastRequestAt, e.RequestCount,
            e.DecidedBy, e.DecidedAt, e.DecisionReason, e.VoucherIssuedAt, e.VoucherExpiresOn, e.VoucherMediaType, e.VoucherStatusOk, e.VoucherStatusReason,
            e.EnrolledAt, e.EnrollStatusOk, e.EnrollStatusReason)).ToList();
    }
}

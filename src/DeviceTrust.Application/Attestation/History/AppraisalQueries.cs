using System.Globalization;
using System.Text;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Attestation;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.History;

/// <summary>Filters of the appraisal history; all optional, combined with AND.</summary>
public sealed record AppraisalQuery(Guid? DeviceId = null, Guid? DeviceClassId = null, AttestationVerdict? Verdict = null, DateTimeOffset? From = null,
    DateTimeOffset? To = null, int Page = 0, int PageSize = 50);

/// <summary>One appraisal in a list (the evidence and the EAR are on <see cref="AppraisalDetails"/>).</summary>
public sealed record AppraisalRow(Guid Id, Guid SessionId, Guid DeviceId, string SerialNumber, string DeviceClass, DateTimeOffset AppraisedAt,
    AttestationVerdict Verdict, string? FirmwareVersion, int PolicyVersion, string Vector);

/// <summary>Everything kept about an appraisal: what was appraised, against what, the outcome and why.</summary>
/// <param name="KeyId">The evidence's kid, hex.</param>
/// <param name="Evidence">The evidence as received, base64.</param>
/// <param name="Claims">The decoded claims, JSON.</param>
/// <param name="Reasons">Per claim: [{claim, value, text}], JSON.</param>
/// <param name="Result">The EAR handed out, a signed JWT.</param>
public sealed record AppraisalDetails(AppraisalRow Summary, string? KeyId, string EvidenceMediaType, string Evidence, string Claims,
    IReadOnlyList<Guid> ReferenceValueIds, string Reasons, string Result);

/// <summary>How many appraisals of each verdict fell in [<paramref name="From"/>, <paramref name="From"/> + the bucket's length).</summary>
public sealed record VerdictBucket(DateTimeOffset From, int Affirming, int Warning, int Contraindicated, int None);

/// <summary>The appraisal history, for security officers and auditors: filtered pages, one appraisal in full, CSV export.</summary>
public sealed class AppraisalQueries(IDeviceTrustDbContextFactory dbFactory)
{
    /// <summary>An export holds at most this many appraisals (the newest); narrow the filter for more.</summary>
    public const int MaxExportRows = 10_000;

    public async Task<PagedResult<AppraisalRow>> ListAsync(AppraisalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Paging.Validate(query.Page, query.PageSize);
        if (query.From > query.To) throw RequestValidationException.For("from", "from is after to.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rows = Filtered(db, query);
        var total = await rows.CountAsync(cancellationToken);
        var page = await Newest(rows).Skip(query.Page * query.PageSize).Take(query.PageSize).Select(Row).ToListAsync(cancellationToken);
        return new PagedResult<AppraisalRow>(page, total, query.Page, query.PageSize);
    }

    public async Task<AppraisalDetails> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var found = await (from stored in db.AttestationAppraisals.AsNoTracking()
                           where stored.Id == id
                           join d in db.Devices on stored.DeviceId equals d.Id
                           join c in db.DeviceClasses on d.DeviceClassId equals c.Id
                           select new { Appraisal = stored, d.SerialNumber, Class = c.Name }).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new NotFoundException($"Appraisal {id}");
        return Details(found.Appraisal, found.SerialNumber, found.Class);
    }

    private static AppraisalDetails Details(AttestationAppraisal a, string serialNumber, string deviceClass) => new(
        new AppraisalRow(a.Id, a.SessionId, a.DeviceId, serialNumber, deviceClass, a.AppraisedAt, a.Verdict, a.FirmwareVersion, a.PolicyVersion, a.Vector),
        a.KeyId is { } kid ? Convert.ToHexStringLower(kid) : null, a.EvidenceMediaType, Convert.ToBase64String(a.Evidence), a.Claims, a.ReferenceValueIds,
        a.Reasons, a.Result);

    /// <summary>Verdict counts over time: <paramref name="buckets"/> consecutive buckets of <paramref name="length"/> ending at
    /// <paramref name="to"/>, oldest first, under the query's device, class and verdict filters (its own time bounds are ignored).</summary>
    public async Task<IReadOnlyList<VerdictBucket>> TimelineAsync(AppraisalQuery query, DateTimeOffset to, TimeSpan length, int buckets,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (length <= TimeSpan.Zero) throw RequestValidationException.For("length", "A bucket lasts a positive time.");
        if (buckets is < 1 or > 100) throw RequestValidationException.For("buckets", "1 to 100 buckets.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var filtered = Filtered(db, query with { From = null, To = null });
        var result = new List<VerdictBucket>(buckets);
        // One grouped count per bucket, each over the (verdict, time) index: a few dozen small queries, whatever the volume.
        for (var i = buckets; i > 0; i--)
        {
            var from = to - i * length;
            var until = from + length;
            var counts = await filtered.Where(r => r.Appraisal.AppraisedAt >= from && r.Appraisal.AppraisedAt < until)
                .GroupBy(r => r.Appraisal.Verdict).Select(g => new { Verdict = g.Key, Count = g.Count() }).ToDictionaryAsync(c => c.Verdict, c => c.Count, cancellationToken);
            result.Add(new VerdictBucket(from, counts.GetValueOrDefault(AttestationVerdict.Affirming), counts.GetValueOrDefault(AttestationVerdict.Warning),
                counts.GetValueOrDefault(AttestationVerdict.Contraindicated), counts.GetValueOrDefault(AttestationVerdict.None)));
        }
        return result;
    }

    /// <summary>The filtered history in full (each appraisal with its evidence, claims, reasons and EAR), newest first, at most <see cref="MaxExportRows"/>.</summary>
    public async Task<IReadOnlyList<AppraisalDetails>> ExportAsync(AppraisalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rows = await Newest(Filtered(db, query)).Take(MaxExportRows).ToListAsync(cancellationToken);
        return rows.ConvertAll(r => Details(r.Appraisal, r.SerialNumber, r.ClassName));
    }

    /// <summary>The filtered history as CSV (RFC 4180), newest first, at most <see cref="MaxExportRows"/> rows.</summary>
    public async Task<string> ExportCsvAsync(AppraisalQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var rows = await Newest(Filtered(db, query)).Take(MaxExportRows).Select(Row).ToListAsync(cancellationToken);
        var csv = new StringBuilder("appraisedAt,serialNumber,deviceClass,verdict,firmwareVersion,policyVersion,vector,appraisalId,sessionId\r\n");
        foreach (var r in rows)
        {
            csv.AppendJoin(',', [r.AppraisedAt.ToString("O", CultureInfo.InvariantCulture), Field(r.SerialNumber), Field(r.DeviceClass), r.Verdict.ToString(),
                Field(r.FirmwareVersion ?? ""), r.PolicyVersion.ToString(CultureInfo.InvariantCulture), Field(r.Vector), r.Id.ToString(), r.SessionId.ToString()]);
            csv.Append("\r\n");
        }
        return csv.ToString();
    }

    /// <summary>
    /// An appraisal with its device and class, as the queries filter, order and then project it. Initialized by members,
    /// not by a constructor: EF Core translates a member of a member-initialized object, not of a constructed one.
    /// </summary>
    private sealed class Joined
    {
        public required AttestationAppraisal Appraisal { get; init; }
        public required string SerialNumber { get; init; }
        public required Guid ClassId { get; init; }
        public required string ClassName { get; init; }
    }

    private static IQueryable<Joined> Newest(IQueryable<Joined> rows) =>
        rows.OrderByDescending(r => r.Appraisal.AppraisedAt).ThenByDescending(r => r.Appraisal.Id);

    private static readonly System.Linq.Expressions.Expression<Func<Joined, AppraisalRow>> Row = r => new AppraisalRow(r.Appraisal.Id, r.Appraisal.SessionId,
        r.Appraisal.DeviceId, r.SerialNumber, r.ClassName, r.Appraisal.AppraisedAt, r.Appraisal.Verdict, r.Appraisal.FirmwareVersion, r.Appraisal.PolicyVersion,
        r.Appraisal.Vector);

    private static IQueryable<Joined> Filtered(IDeviceTrustDbContext db, AppraisalQuery query)
    {
        var appraisals = db.AttestationAppraisals.AsNoTracking();
        if (query.DeviceId is { } deviceId) appraisals = appraisals.Where(a => a.DeviceId == deviceId);
        if (query.Verdict is { } verdict) appraisals = appraisals.Where(a => a.Verdict == verdict);
        if (query.From is { } from) appraisals = appraisals.Where(a => a.AppraisedAt >= from);
        if (query.To is { } to) appraisals = appraisals.Where(a => a.AppraisedAt < to);
        var rows = from a in appraisals
                   join d in db.Devices on a.DeviceId equals d.Id
                   join c in db.DeviceClasses on d.DeviceClassId equals c.Id
                   select new Joined { Appraisal = a, SerialNumber = d.SerialNumber, ClassId = c.Id, ClassName = c.Name };
        return query.DeviceClassId is { } classId ? rows.Where(r => r.ClassId == classId) : rows;
    }

    // RFC 4180 §2: a field with a comma, quote or line break is quoted, quotes doubled.
    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}

using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain;
using DeviceTrust.Domain.Accounts;
using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Fleet;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Attestation.ReferenceValues;

/// <summary>
/// Security officers manage the reference values the verifier compares evidence with (RFC 9334 §3.3): add one, remove
/// one, import a file of them. Each change is audited in its transaction; an import is all or nothing.
/// </summary>
public sealed class ReferenceValueHandlers(IDeviceTrustDbContextFactory dbFactory, AuditTrail audit, TimeProvider time)
{
    /// <summary>At most this many entries in one import.</summary>
    public const int MaxImportEntries = 5_000;

    public async Task<ReferenceValueItem> AddAsync(Actor actor, ReferenceValueEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(entry);
        actor.EnsureInRole(Roles.SecurityOfficer);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var classes = await ClassesAsync(db, cancellationToken);
        var (value, unchanged) = await StageAsync(db, classes, entry, "", actor, cancellationToken);
        if (unchanged) throw new ConflictException($"{entry.DeviceClass} {entry.FirmwareVersion} {entry.Component} already has this digest.");
        await audit.SaveAsync(db, cancellationToken);
        return Item(value, classes[value.DeviceClassId].Name);
    }

    public async Task RemoveAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var value = await db.ReferenceValues.FirstOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw new NotFoundException($"Reference value {id}");
        if (!value.IsActive) throw new ConflictException($"Reference value {id} was removed at {value.RemovedAt:u} by {value.RemovedBy}.");
        var className = await db.DeviceClasses.Where(c => c.Id == value.DeviceClassId).Select(c => c.Name).FirstAsync(cancellationToken);
        value.Remove(className, actor.Name, time.GetUtcNow());
        await audit.SaveAsync(db, cancellationToken);
    }

    /// <summary>
    /// Adds every entry of a file (the format <see cref="ReferenceValueQueries.ExportAsync"/> writes). An entry equal to a
    /// stored one is left alone; one for a class, version and component that has another digest is refused, as is any
    /// invalid entry: then nothing is stored, and the errors name the entries by their index.
    /// </summary>
    public async Task<ReferenceValueImportResult> ImportAsync(Actor actor, IReadOnlyList<ReferenceValueEntry>? entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        actor.EnsureInRole(Roles.SecurityOfficer);
        if (entries is null || entries.Count == 0) throw RequestValidationException.For("entries", "The file holds no reference values.");
        if (entries.Count > MaxImportEntries) throw RequestValidationException.For("entries", $"At most {MaxImportEntries} reference values in one import.");
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var classes = await ClassesAsync(db, cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var (added, unchanged) = (0, 0);
        var seen = new HashSet<(Guid, string, string)>();
        for (var i = 0; i < entries.Count; i++)
        {
            try
            {
                var (value, same) = await StageAsync(db, classes, entries[i], $"[{i}].", actor, cancellationToken);
                if (!seen.Add((value.DeviceClassId, value.FirmwareVersion, value.Component)))
                    throw RequestValidationException.For($"[{i}]", "The file names this class, version and component twice.");
                if (same) unchanged++;
                else added++;
            }
            catch (RequestValidationException e)
            {
                foreach (var (field, messages) in e.Errors) errors[field] = messages;
            }
            catch (ConflictException e)
            {
                errors[$"[{i}]"] = [e.Message];
            }
        }
        if (errors.Count > 0) throw new RequestValidationException(errors);
        await audit.SaveAsync(db, cancellationToken);
        return new ReferenceValueImportResult(added, unchanged);
    }

    private static async Task<Dictionary<Guid, DeviceClass>> ClassesAsync(IDeviceTrustDbContext db, CancellationToken cancellationToken) =>
        await db.DeviceClasses.AsNoTracking().ToDictionaryAsync(c => c.Id, cancellationToken);

    /// <summary>The entry as a new tracked value, or the stored one when it is already there with the same digest.</summary>
    private async Task<(ReferenceValue Value, bool Unchanged)> StageAsync(IDeviceTrustDbContext db, Dictionary<Guid, DeviceClass> classes, ReferenceValueEntry entry,
        string prefix, Actor actor, CancellationToken cancellationToken)
    {
        var deviceClass = classes.Values.FirstOrDefault(c => string.Equals(c.Name, entry.DeviceClass?.Trim(), StringComparison.OrdinalIgnoreCase))
                          ?? throw RequestValidationException.For(prefix + "deviceClass", $"No device class is named '{entry.DeviceClass}'.");
        var algorithm = DigestAlgorithmNames.Parse(entry.DigestAlgorithm)
                        ?? throw RequestValidationException.For(prefix + "digestAlgorithm", "The digest algorithm is sha-256, sha-384 or sha-512.");
        byte[] digest;
        try
        {
            digest = Convert.FromHexString(entry.Digest?.Trim() ?? "");
        }
        catch (FormatException)
        {
            throw RequestValidationException.For(prefix + "digest", "The digest is hexadecimal.");
        }
        ReferenceValue value;
        try
        {
            value = ReferenceValue.Add(deviceClass.Id, deviceClass.Name, entry.FirmwareVersion, entry.Component, algorithm, digest, actor.Name, time.GetUtcNow());
        }
        catch (DomainException e)
        {
            throw RequestValidationException.For(prefix.Length == 0 ? "entry" : prefix.TrimEnd('.'), e.Message);
        }
        var stored = await db.ReferenceValues.AsNoTracking().FirstOrDefaultAsync(r => r.DeviceClassId == deviceClass.Id && r.FirmwareVersion == value.FirmwareVersion
                                                                                   && r.Component == value.Component && r.RemovedAt == null, cancellationToken);
        if (stored is not null)
        {
            if (stored.Matches(value.DigestAlgorithm, value.Digest)) return (stored, true);
            throw new ConflictException($"{deviceClass.Name} {value.FirmwareVersion} {value.Component} already has another digest; remove it first.");
        }
        db.ReferenceValues.Add(value);
        return (value, false);
    }

    internal static ReferenceValueItem Item(ReferenceValue value, string className) =>
        new(value.Id, value.DeviceClassId, className, value.FirmwareVersion, value.Component, DigestAlgorithmNames.Of(value.DigestAlgorithm),
            Convert.ToHexStringLower(value.Digest), value.AddedAt, value.AddedBy);
}

/// <summary>The reference values' read side, for every signed-in role: listed with filters, or exported as a file.</summary>
public sealed class ReferenceValueQueries(IDeviceTrustDbContextFactory dbFactory)
{
    public async Task<IReadOnlyList<ReferenceValueItem>> ListAsync(Guid? deviceClassId = null, string? firmwareVersion = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateAsync(cancellationToken);
        var query = db.ReferenceValues.AsNoTracking().Where(r => r.RemovedAt == null);
        if (deviceClassId is { } classId) query = query.Where(r => r.DeviceClassId == classId);
        if (!string.IsNullOrWhiteSpace(firmwareVersion)) query = query.Where(r => r.FirmwareVersion == firmwareVersion.Trim());
        var rows = await (from r in query join c in db.DeviceClasses on r.DeviceClassId equals c.Id select new { Value = r, Class = c.Name }).ToListAsync(cancellationToken);
        return rows.Select(r => ReferenceValueHandlers.Item(r.Value, r.Class))
            .OrderBy(r => r.DeviceClass, StringComparer.Ordinal).ThenBy(r => r.FirmwareVersion, StringComparer.Ordinal).ThenBy(r => r.Component, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The active values as import entries (what <see cref="ReferenceValueHandlers.ImportAsync"/> reads back).</summary>
    public async Task<IReadOnlyList<ReferenceValueEntry>> ExportAsync(Guid? deviceClassId = null, CancellationToken cancellationToken = default) =>
        (await ListAsync(deviceClassId, null, cancellationToken)).Select(r => new ReferenceValueEntry(r.DeviceClass, r.FirmwareVersion, r.Component, r.DigestAlgorithm, r.Digest)).ToList();
}

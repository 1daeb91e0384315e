using DeviceTrust.Domain.Attestation;
using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class AttestationKeyConfiguration : IEntityTypeConfiguration<AttestationKey>
{
    public void Configure(EntityTypeBuilder<AttestationKey> builder)
    {
        builder.ToTable("AttestationKeys");
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.KeyId).HasMaxLength(32).IsRequired();
        builder.Property(k => k.SubjectPublicKeyInfo).HasMaxLength(1024).IsRequired();
        builder.Property(k => k.Origin).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(k => k.AddedBy).HasMaxLength(200).IsRequired();
        builder.Property(k => k.RetiredBy).HasMaxLength(200);
        builder.Property(k => k.RetirementReason).HasMaxLength(500);
        builder.HasOne<Device>().WithMany().HasForeignKey(k => k.DeviceId).OnDelete(DeleteBehavior.Restrict);
        // Evidence names its key by kid: looked up on every appraisal. A key is active for one device at a time, which
        // also stops two appraisals binding the same endorsed key at once.
        builder.HasIndex(k => k.KeyId).IsUnique().HasFilter("\"Status\" = 'Active'");
        builder.HasIndex(k => new { k.DeviceId, k.Status });
    }
}

internal sealed class ReferenceValueConfiguration : IEntityTypeConfiguration<ReferenceValue>
{
    public void Configure(EntityTypeBuilder<ReferenceValue> builder)
    {
        builder.ToTable("ReferenceValues");
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.FirmwareVersion).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Component).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Digest).HasMaxLength(64).IsRequired();
        builder.Property(r => r.AddedBy).HasMaxLength(200).IsRequired();
        builder.Property(r => r.RemovedBy).HasMaxLength(200);
        builder.HasOne<DeviceClass>().WithMany().HasForeignKey(r => r.DeviceClassId).OnDelete(DeleteBehavior.Restrict);
        // One active value per class, version and component; removed ones stay for history. The filter quotes the
        // column as both SQLite and SQL Server (QUOTED_IDENTIFIER ON, which filtered indexes need anyway) read it.
        builder.HasIndex(r => new { r.DeviceClassId, r.FirmwareVersion, r.Component }).IsUnique().HasFilter("\"RemovedAt\" IS NULL");
    }
}

internal sealed class AttestationSessionConfiguration : IEntityTypeConfiguration<AttestationSession>
{
    public void Configure(EntityTypeBuilder<AttestationSession> builder)
    {
        builder.ToTable("AttestationSessions");
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Nonce).HasMaxLength(AttestationSession.MaxNonceLength).IsRequired();
        builder.Property(s => s.OpenedBy).HasMaxLength(200).IsRequired();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.EvidenceMediaType).HasMaxLength(200);
        builder.Property(s => s.FailureReason).HasMaxLength(1000);
        builder.HasOne<Device>().WithMany().HasForeignKey(s => s.DeviceId).OnDelete(DeleteBehavior.Restrict);
        // Expired sessions are pruned by age.
        builder.HasIndex(s => s.CreatedAt);
    }
}

internal sealed class AttestationAppraisalConfiguration : IEntityTypeConfiguration<AttestationAppraisal>
{
    public void Configure(EntityTypeBuilder<AttestationAppraisal> builder)
    {
        builder.ToTable("AttestationAppraisals");
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.KeyId).HasMaxLength(32);
        builder.Property(a => a.EvidenceMediaType).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Evidence).IsRequired();
        builder.Property(a => a.FirmwareVersion).HasMaxLength(32);
        builder.Property(a => a.Verdict).HasConversion<string>().HasMaxLength(20);
        builder.PrimitiveCollection(a => a.ReferenceValueIds);
        builder.HasOne<Device>().WithMany().HasForeignKey(a => a.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AttestationSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Restrict);
        // The history is read per device and by verdict, newest first.
        builder.HasIndex(a => new { a.DeviceId, a.AppraisedAt });
        builder.HasIndex(a => new { a.Verdict, a.AppraisedAt });
        builder.HasIndex(a => a.AppraisedAt);
    }
}

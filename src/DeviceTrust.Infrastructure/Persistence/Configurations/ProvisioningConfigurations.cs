using DeviceTrust.Domain.Devices;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Provisioning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class PledgeEnrollmentConfiguration : IEntityTypeConfiguration<PledgeEnrollment>
{
    public void Configure(EntityTypeBuilder<PledgeEnrollment> builder)
    {
        builder.ToTable("PledgeEnrollments");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.SerialNumber).HasMaxLength(64).IsRequired();
        builder.Property(e => e.IdevidFingerprint).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(e => e.IdevidSubject).HasMaxLength(500).IsRequired();
        builder.Property(e => e.IdevidIssuer).HasMaxLength(500).IsRequired();
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(30);
        builder.Property(e => e.DecidedBy).HasMaxLength(200);
        builder.Property(e => e.DecisionReason).HasMaxLength(PledgeEnrollment.MaxReasonLength);
        builder.Property(e => e.VoucherMediaType).HasMaxLength(100);
        builder.Property(e => e.VoucherStatusReason).HasMaxLength(PledgeEnrollment.MaxReasonLength);
        builder.Property(e => e.EnrollStatusReason).HasMaxLength(PledgeEnrollment.MaxReasonLength);
        builder.Ignore(e => e.IsDecided);
        builder.Ignore(e => e.HasVoucher);
        builder.HasOne<Device>().WithMany().HasForeignKey(e => e.DeviceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Manufacturer>().WithMany().HasForeignKey(e => e.ManufacturerId).OnDelete(DeleteBehavior.Restrict);
        // One bootstrap per device (a new IDevID replaces the old record's identity only through an operator).
        builder.HasIndex(e => e.DeviceId).IsUnique();
        builder.HasIndex(e => e.IdevidFingerprint);
        builder.HasIndex(e => new { e.Status, e.LastRequestAt });
    }
}

internal sealed class IssuedCertificateConfiguration : IEntityTypeConfiguration<IssuedCertificate>
{
    public void Configure(EntityTypeBuilder<IssuedCertificate> builder)
    {
        builder.ToTable("IssuedCertificates");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.DeviceSerialNumber).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.SerialNumber).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Subject).HasMaxLength(500).IsRequired();
        builder.Property(c => c.Issuer).HasMaxLength(500).IsRequired();
        builder.Property(c => c.Fingerprint).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(c => c.CertificateDer).IsRequired();
        builder.Property(c => c.IssuedVia).HasMaxLength(30).IsRequired();
        builder.Property(c => c.RevocationReason).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.RevokedBy).HasMaxLength(200);
        builder.Ignore(c => c.IsRevoked);
        builder.HasOne<Device>().WithMany().HasForeignKey(c => c.DeviceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.Fingerprint).IsUnique();
        builder.HasIndex(c => new { c.Issuer, c.SerialNumber }).IsUnique();
        builder.HasIndex(c => c.DeviceId);
        builder.HasIndex(c => c.RevokedAt);
    }
}

internal sealed class MasaLogEntryConfiguration : IEntityTypeConfiguration<MasaLogEntry>
{
    public void Configure(EntityTypeBuilder<MasaLogEntry> builder)
    {
        builder.ToTable("MasaLog");
        builder.Property(e => e.Id).ValueGeneratedOnAdd();
        builder.Property(e => e.SerialNumber).HasMaxLength(64).IsRequired();
        builder.Property(e => e.DomainCaFingerprint).HasMaxLength(64).IsFixedLength().IsRequired();
        builder.Property(e => e.RegistrarSubject).HasMaxLength(500).IsRequired();
        builder.Property(e => e.Assertion).HasMaxLength(30);
        builder.Property(e => e.Outcome).HasMaxLength(10).IsRequired();
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.Ignore(e => e.IsIssued);
        builder.HasOne<Manufacturer>().WithMany().HasForeignKey(e => e.ManufacturerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.ManufacturerId, e.SerialNumber, e.Outcome });
    }
}

using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DeviceTrust.Infrastructure.Persistence.Configurations;

internal sealed class PkiCredentialConfiguration : IEntityTypeConfiguration<PkiCredential>
{
    public void Configure(EntityTypeBuilder<PkiCredential> builder)
    {
        builder.ToTable("PkiCredentials");
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Role).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.CertificateDer).IsRequired();
        builder.Property(c => c.ProtectedPrivateKey).IsRequired();
        // One live credential per role (per simulated manufacturer); a rotation will retire the old row first.
        builder.HasIndex(c => new { c.Role, c.ManufacturerId }).IsUnique();
        builder.HasOne<Manufacturer>().WithMany().HasForeignKey(c => c.ManufacturerId).OnDelete(DeleteBehavior.Restrict);
    }
}

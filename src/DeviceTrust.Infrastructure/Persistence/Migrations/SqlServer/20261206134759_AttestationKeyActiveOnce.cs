using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class AttestationKeyActiveOnce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Before the index, two appraisals could bind the same endorsed key at once: keep one active binding per
            // key (no appraisal refers to the row, only to the kid).
            migrationBuilder.Sql(
                "DELETE FROM \"AttestationKeys\" WHERE \"Status\" = 'Active' AND EXISTS (SELECT 1 FROM \"AttestationKeys\" AS \"Other\" "
                + "WHERE \"Other\".\"KeyId\" = \"AttestationKeys\".\"KeyId\" AND \"Other\".\"Status\" = 'Active' AND \"Other\".\"Id\" < \"AttestationKeys\".\"Id\")");

            migrationBuilder.DropIndex(
                name: "IX_AttestationKeys_KeyId",
                table: "AttestationKeys");

            migrationBuilder.CreateIndex(
                name: "IX_AttestationKeys_KeyId",
                table: "AttestationKeys",
                column: "KeyId",
                unique: true,
                filter: "\"Status\" = 'Active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AttestationKeys_KeyId",
                table: "AttestationKeys");

            migrationBuilder.CreateIndex(
                name: "IX_AttestationKeys_KeyId",
                table: "AttestationKeys",
                column: "KeyId");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class VendorVerifier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "VerifierUrl",
                table: "Manufacturers",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "VerifierUrl",
                table: "Manufacturers");
        }
    }
}

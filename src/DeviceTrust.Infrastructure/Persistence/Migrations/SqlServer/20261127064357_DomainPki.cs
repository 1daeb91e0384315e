using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DomainPki : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PkiCredentials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Role = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    CertificateDer = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    ProtectedPrivateKey = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PkiCredentials", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PkiCredentials_Role",
                table: "PkiCredentials",
                column: "Role",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PkiCredentials");
        }
    }
}

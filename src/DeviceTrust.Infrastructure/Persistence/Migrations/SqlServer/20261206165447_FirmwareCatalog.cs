using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class FirmwareCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FirmwareImages",
                columns: table => new
                {
                    DigestHex = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    StoredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StoredBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FirmwareImages", x => x.DigestHex);
                });

            migrationBuilder.CreateTable(
                name: "FirmwareReleases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeviceClassId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FirmwareVersion = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SequenceNumber = table.Column<long>(type: "bigint", nullable: false),
                    ManifestDigest = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false),
                    Envelope = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    Origin = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Signer = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    SignerAnchorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Description = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    PublishedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    WithdrawalReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<byte[]>(type: "rowversion", rowVersion: true, nullable: false),
                    Images = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FirmwareReleases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FirmwareReleases_DeviceClasses_DeviceClassId",
                        column: x => x.DeviceClassId,
                        principalTable: "DeviceClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FirmwareReleases_DeviceClassId_FirmwareVersion",
                table: "FirmwareReleases",
                columns: new[] { "DeviceClassId", "FirmwareVersion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FirmwareReleases_DeviceClassId_SequenceNumber",
                table: "FirmwareReleases",
                columns: new[] { "DeviceClassId", "SequenceNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FirmwareReleases_ManifestDigest",
                table: "FirmwareReleases",
                column: "ManifestDigest",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FirmwareImages");

            migrationBuilder.DropTable(
                name: "FirmwareReleases");
        }
    }
}

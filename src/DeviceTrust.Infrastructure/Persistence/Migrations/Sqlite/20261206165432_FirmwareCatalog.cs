using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.Sqlite
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
                    DigestHex = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    StoredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FirmwareImages", x => x.DigestHex);
                });

            migrationBuilder.CreateTable(
                name: "FirmwareReleases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceClassId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirmwareVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SequenceNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    ManifestDigest = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Envelope = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Signer = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    SignerAnchorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WithdrawnBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    WithdrawalReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<byte[]>(type: "BLOB", nullable: false, defaultValue: new byte[0]),
                    Images = table.Column<string>(type: "TEXT", nullable: true)
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

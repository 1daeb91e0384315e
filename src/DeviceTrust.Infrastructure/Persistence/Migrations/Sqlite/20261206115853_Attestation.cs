using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Attestation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "Ueid",
                table: "Devices",
                type: "BLOB",
                maxLength: 17,
                nullable: false,
                defaultValue: new byte[0]);

            // Devices registered before attestation get their UEID now: type RAND (0x01) and 16 random bytes (RFC 9711 §4.2.1),
            // before the unique index below is created.
            migrationBuilder.Sql("UPDATE \"Devices\" SET \"Ueid\" = X'01' || randomblob(16);");

            migrationBuilder.AddColumn<string>(
                name: "AttestationModel",
                table: "DeviceClasses",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "Endorsed");

            migrationBuilder.AddColumn<string>(
                name: "AttestationPolicy",
                table: "DeviceClasses",
                type: "TEXT",
                nullable: false,
                defaultValue: "{\"MinimumDebugStatus\":2,\"OnWarning\":\"Flag\",\"ReattestationInterval\":\"1.00:00:00\",\"ReleaseOnAffirming\":false,\"RequiredClaims\":[],\"Version\":1}");

            migrationBuilder.CreateTable(
                name: "AttestationKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyId = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    SubjectPublicKeyInfo = table.Column<byte[]>(type: "BLOB", maxLength: 1024, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EndorsementCertificate = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RetiredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RetirementReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<byte[]>(type: "BLOB", nullable: false, defaultValue: new byte[0])
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttestationKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttestationKeys_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReferenceValues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceClassId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FirmwareVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Component = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DigestAlgorithm = table.Column<int>(type: "INTEGER", nullable: false),
                    Digest = table.Column<byte[]>(type: "BLOB", maxLength: 64, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AddedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RemovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RemovedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<byte[]>(type: "BLOB", nullable: false, defaultValue: new byte[0])
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferenceValues", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReferenceValues_DeviceClasses_DeviceClassId",
                        column: x => x.DeviceClassId,
                        principalTable: "DeviceClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Devices_Ueid",
                table: "Devices",
                column: "Ueid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttestationKeys_DeviceId_Status",
                table: "AttestationKeys",
                columns: new[] { "DeviceId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_AttestationKeys_KeyId",
                table: "AttestationKeys",
                column: "KeyId");

            migrationBuilder.CreateIndex(
                name: "IX_ReferenceValues_DeviceClassId_FirmwareVersion_Component",
                table: "ReferenceValues",
                columns: new[] { "DeviceClassId", "FirmwareVersion", "Component" },
                unique: true,
                filter: "\"RemovedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttestationKeys");

            migrationBuilder.DropTable(
                name: "ReferenceValues");

            migrationBuilder.DropIndex(
                name: "IX_Devices_Ueid",
                table: "Devices");

            migrationBuilder.DropColumn(
                name: "Ueid",
                table: "Devices");

            migrationBuilder.DropColumn(
                name: "AttestationModel",
                table: "DeviceClasses");

            migrationBuilder.DropColumn(
                name: "AttestationPolicy",
                table: "DeviceClasses");
        }
    }
}

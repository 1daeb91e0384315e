using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.SqlServer
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
                type: "varbinary(17)",
                maxLength: 17,
                nullable: false,
                defaultValue: new byte[0]);

            // Devices registered before attestation get their UEID now: type RAND (0x01) and 16 random bytes (RFC 9711 §4.2.1),
            // before the unique index below is created.
            migrationBuilder.Sql("UPDATE [Devices] SET [Ueid] = 0x01 + CRYPT_GEN_RANDOM(16);");

            migrationBuilder.AddColumn<string>(
                name: "AttestationModel",
                table: "DeviceClasses",
                type: "nvarchar(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "Endorsed");

            migrationBuilder.AddColumn<string>(
                name: "AttestationPolicy",
                table: "DeviceClasses",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "{\"MinimumDebugStatus\":2,\"OnWarning\":\"Flag\",\"ReattestationInterval\":\"1.00:00:00\",\"ReleaseOnAffirming\":false,\"RequiredClaims\":[],\"Version\":1}");

            migrationBuilder.CreateTable(
                name: "AttestationKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeviceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    KeyId = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false),
                    SubjectPublicKeyInfo = table.Column<byte[]>(type: "varbinary(1024)", maxLength: 1024, nullable: false),
                    Origin = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    EndorsementCertificate = table.Column<byte[]>(type: "varbinary(max)", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AddedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RetiredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RetiredBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    RetirementReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    Version = table.Column<byte[]>(type: "rowversion", rowVersion: true, nullable: false)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeviceClassId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    FirmwareVersion = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Component = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DigestAlgorithm = table.Column<int>(type: "int", nullable: false),
                    Digest = table.Column<byte[]>(type: "varbinary(64)", maxLength: 64, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    AddedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    RemovedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RemovedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Version = table.Column<byte[]>(type: "rowversion", rowVersion: true, nullable: false)
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

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Provisioning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PkiCredentials_Role",
                table: "PkiCredentials");

            migrationBuilder.AddColumn<Guid>(
                name: "ManufacturerId",
                table: "PkiCredentials",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MasaUrl",
                table: "Manufacturers",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnrollmentPolicy",
                table: "DeviceClasses",
                type: "nvarchar(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "AutoAccept");

            migrationBuilder.CreateTable(
                name: "IssuedCertificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeviceId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    DeviceSerialNumber = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    SerialNumber = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Issuer = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Fingerprint = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    NotBefore = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    NotAfter = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CertificateDer = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    IssuedVia = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RevocationReason = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    RevokedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuedCertificates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IssuedCertificates_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MasaLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ManufacturerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SerialNumber = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    DomainCaFingerprint = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    RegistrarSubject = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    HadNonce = table.Column<bool>(type: "bit", nullable: false),
                    Assertion = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Outcome = table.Column<string>(type: "nvarchar(10)", maxLength: 10, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MasaLog", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MasaLog_Manufacturers_ManufacturerId",
                        column: x => x.ManufacturerId,
                        principalTable: "Manufacturers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PledgeEnrollments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeviceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SerialNumber = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ManufacturerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    IdevidFingerprint = table.Column<string>(type: "nchar(64)", fixedLength: true, maxLength: 64, nullable: false),
                    IdevidSubject = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    IdevidIssuer = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    LastRequestAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RequestCount = table.Column<int>(type: "int", nullable: false),
                    DecidedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DecisionReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    VoucherIssuedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    VoucherExpiresOn = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Voucher = table.Column<byte[]>(type: "varbinary(max)", nullable: true),
                    VoucherMediaType = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    VoucherStatusOk = table.Column<bool>(type: "bit", nullable: true),
                    VoucherStatusReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    VoucherStatusAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EnrolledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EnrollStatusOk = table.Column<bool>(type: "bit", nullable: true),
                    EnrollStatusReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    EnrollStatusAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PledgeEnrollments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PledgeEnrollments_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PledgeEnrollments_Manufacturers_ManufacturerId",
                        column: x => x.ManufacturerId,
                        principalTable: "Manufacturers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PkiCredentials_ManufacturerId",
                table: "PkiCredentials",
                column: "ManufacturerId");

            migrationBuilder.CreateIndex(
                name: "IX_PkiCredentials_Role_ManufacturerId",
                table: "PkiCredentials",
                columns: new[] { "Role", "ManufacturerId" },
                unique: true,
                filter: "[ManufacturerId] IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCertificates_DeviceId",
                table: "IssuedCertificates",
                column: "DeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCertificates_Fingerprint",
                table: "IssuedCertificates",
                column: "Fingerprint",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCertificates_Issuer_SerialNumber",
                table: "IssuedCertificates",
                columns: new[] { "Issuer", "SerialNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IssuedCertificates_RevokedAt",
                table: "IssuedCertificates",
                column: "RevokedAt");

            migrationBuilder.CreateIndex(
                name: "IX_MasaLog_ManufacturerId_SerialNumber_Outcome",
                table: "MasaLog",
                columns: new[] { "ManufacturerId", "SerialNumber", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_PledgeEnrollments_DeviceId",
                table: "PledgeEnrollments",
                column: "DeviceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PledgeEnrollments_IdevidFingerprint",
                table: "PledgeEnrollments",
                column: "IdevidFingerprint");

            migrationBuilder.CreateIndex(
                name: "IX_PledgeEnrollments_ManufacturerId",
                table: "PledgeEnrollments",
                column: "ManufacturerId");

            migrationBuilder.CreateIndex(
                name: "IX_PledgeEnrollments_Status_LastRequestAt",
                table: "PledgeEnrollments",
                columns: new[] { "Status", "LastRequestAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_PkiCredentials_Manufacturers_ManufacturerId",
                table: "PkiCredentials",
                column: "ManufacturerId",
                principalTable: "Manufacturers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_PkiCredentials_Manufacturers_ManufacturerId",
                table: "PkiCredentials");

            migrationBuilder.DropTable(
                name: "IssuedCertificates");

            migrationBuilder.DropTable(
                name: "MasaLog");

            migrationBuilder.DropTable(
                name: "PledgeEnrollments");

            migrationBuilder.DropIndex(
                name: "IX_PkiCredentials_ManufacturerId",
                table: "PkiCredentials");

            migrationBuilder.DropIndex(
                name: "IX_PkiCredentials_Role_ManufacturerId",
                table: "PkiCredentials");

            migrationBuilder.DropColumn(
                name: "ManufacturerId",
                table: "PkiCredentials");

            migrationBuilder.DropColumn(
                name: "MasaUrl",
                table: "Manufacturers");

            migrationBuilder.DropColumn(
                name: "EnrollmentPolicy",
                table: "DeviceClasses");

            migrationBuilder.CreateIndex(
                name: "IX_PkiCredentials_Role",
                table: "PkiCredentials",
                column: "Role",
                unique: true);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MasaUrl",
                table: "Manufacturers",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnrollmentPolicy",
                table: "DeviceClasses",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "AutoAccept");

            migrationBuilder.CreateTable(
                name: "IssuedCertificates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DeviceSerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Issuer = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    NotBefore = table.Column<long>(type: "INTEGER", nullable: false),
                    NotAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    CertificateDer = table.Column<byte[]>(type: "BLOB", nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedVia = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevocationReason = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ManufacturerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DomainCaFingerprint = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    RegistrarSubject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    HadNonce = table.Column<bool>(type: "INTEGER", nullable: false),
                    Assertion = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ManufacturerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IdevidFingerprint = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 64, nullable: false),
                    IdevidSubject = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    IdevidIssuer = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastRequestAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    VoucherIssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    VoucherExpiresOn = table.Column<long>(type: "INTEGER", nullable: true),
                    Voucher = table.Column<byte[]>(type: "BLOB", nullable: true),
                    VoucherMediaType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    VoucherStatusOk = table.Column<bool>(type: "INTEGER", nullable: true),
                    VoucherStatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    VoucherStatusAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EnrolledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EnrollStatusOk = table.Column<bool>(type: "INTEGER", nullable: true),
                    EnrollStatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EnrollStatusAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                unique: true);

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

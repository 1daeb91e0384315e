using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttestationSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AttestationSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nonce = table.Column<byte[]>(type: "BLOB", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EvidenceMediaType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Evidence = table.Column<byte[]>(type: "BLOB", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Result = table.Column<string>(type: "TEXT", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<byte[]>(type: "BLOB", nullable: false, defaultValue: new byte[0])
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttestationSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttestationSessions_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AttestationAppraisals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppraisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    KeyId = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: true),
                    EvidenceMediaType = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Evidence = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Claims = table.Column<string>(type: "TEXT", nullable: false),
                    PolicyVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    FirmwareVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ReferenceValueIds = table.Column<string>(type: "TEXT", nullable: false),
                    Vector = table.Column<string>(type: "TEXT", nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reasons = table.Column<string>(type: "TEXT", nullable: false),
                    Result = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<byte[]>(type: "BLOB", nullable: false, defaultValue: new byte[0])
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttestationAppraisals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttestationAppraisals_AttestationSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "AttestationSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AttestationAppraisals_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AttestationAppraisals_AppraisedAt",
                table: "AttestationAppraisals",
                column: "AppraisedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AttestationAppraisals_DeviceId_AppraisedAt",
                table: "AttestationAppraisals",
                columns: new[] { "DeviceId", "AppraisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AttestationAppraisals_SessionId",
                table: "AttestationAppraisals",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_AttestationAppraisals_Verdict_AppraisedAt",
                table: "AttestationAppraisals",
                columns: new[] { "Verdict", "AppraisedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AttestationSessions_CreatedAt",
                table: "AttestationSessions",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AttestationSessions_DeviceId",
                table: "AttestationSessions",
                column: "DeviceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttestationAppraisals");

            migrationBuilder.DropTable(
                name: "AttestationSessions");
        }
    }
}

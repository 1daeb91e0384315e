using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.SqlServer
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Nonce = table.Column<byte[]>(type: "varbinary(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    OpenedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    DeviceId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    EvidenceMediaType = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Evidence = table.Column<byte[]>(type: "varbinary(max)", nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Result = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    FailureReason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<byte[]>(type: "rowversion", rowVersion: true, nullable: false)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SessionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    DeviceId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AppraisedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    KeyId = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: true),
                    EvidenceMediaType = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Evidence = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    Claims = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    PolicyVersion = table.Column<int>(type: "int", nullable: false),
                    FirmwareVersion = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: true),
                    ReferenceValueIds = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Vector = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Verdict = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Reasons = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Result = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Version = table.Column<byte[]>(type: "rowversion", rowVersion: true, nullable: false)
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

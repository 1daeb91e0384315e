using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceTrust.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Rollouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Rollouts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReleaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReleaseVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SequenceNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    DeviceClassId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AttestationGatePercent = table.Column<int>(type: "INTEGER", nullable: true),
                    WindowStart = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    WindowEnd = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    StartAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CurrentWave = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<byte[]>(type: "BLOB", nullable: false, defaultValue: new byte[0]),
                    Waves = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rollouts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Rollouts_DeviceClasses_DeviceClassId",
                        column: x => x.DeviceClassId,
                        principalTable: "DeviceClasses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Rollouts_FirmwareReleases_ReleaseId",
                        column: x => x.ReleaseId,
                        principalTable: "FirmwareReleases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RolloutTargets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RolloutId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RolloutName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Wave = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Nonce = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    StateBefore = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    OfferedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<byte[]>(type: "BLOB", nullable: false, defaultValue: new byte[0])
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RolloutTargets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RolloutTargets_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_RolloutTargets_Rollouts_RolloutId",
                        column: x => x.RolloutId,
                        principalTable: "Rollouts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Rollouts_DeviceClassId",
                table: "Rollouts",
                column: "DeviceClassId");

            migrationBuilder.CreateIndex(
                name: "IX_Rollouts_ReleaseId",
                table: "Rollouts",
                column: "ReleaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Rollouts_Status",
                table: "Rollouts",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_RolloutTargets_DeviceId_Status",
                table: "RolloutTargets",
                columns: new[] { "DeviceId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_RolloutTargets_RolloutId_DeviceId",
                table: "RolloutTargets",
                columns: new[] { "RolloutId", "DeviceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RolloutTargets_RolloutId_Wave_Status",
                table: "RolloutTargets",
                columns: new[] { "RolloutId", "Wave", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RolloutTargets");

            migrationBuilder.DropTable(
                name: "Rollouts");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class I11_TissExport_ExportsAndValidationReference : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ValidationReference",
                table: "Treatments",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TissExports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClinicId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PeriodFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PeriodTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    IsReexport = table.Column<bool>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    GuideCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TissExports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TissExports_Clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TissSequenceCounters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    LastValue = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TissSequenceCounters", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TissExportedGuides",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TissExportId = table.Column<int>(type: "INTEGER", nullable: false),
                    TreatmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    BatchNumber = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TissExportedGuides", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TissExportedGuides_TissExports_TissExportId",
                        column: x => x.TissExportId,
                        principalTable: "TissExports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_TissExportedGuides_Treatments_TreatmentId",
                        column: x => x.TreatmentId,
                        principalTable: "Treatments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Treatments validated by token before issue 11 get a reference too ("H" + 9 digits of the id, leading zero:
            // never produced by RandomValidationReferenceGenerator), so no token-validated guide is exported without one.
            migrationBuilder.Sql("UPDATE \"Treatments\" SET \"ValidationReference\" = 'H' || printf('%09d', \"Id\") WHERE \"Status\" = 'Validated' AND \"ValidationReference\" IS NULL;");

            migrationBuilder.CreateIndex(
                name: "IX_Treatments_ValidationReference",
                table: "Treatments",
                column: "ValidationReference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TissExportedGuides_TissExportId_TreatmentId",
                table: "TissExportedGuides",
                columns: new[] { "TissExportId", "TreatmentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TissExportedGuides_TreatmentId",
                table: "TissExportedGuides",
                column: "TreatmentId");

            migrationBuilder.CreateIndex(
                name: "IX_TissExports_ClinicId_AtUtc",
                table: "TissExports",
                columns: new[] { "ClinicId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_TissExports_FirstSequence",
                table: "TissExports",
                column: "FirstSequence",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TissExportedGuides");

            migrationBuilder.DropTable(
                name: "TissSequenceCounters");

            migrationBuilder.DropTable(
                name: "TissExports");

            migrationBuilder.DropIndex(
                name: "IX_Treatments_ValidationReference",
                table: "Treatments");

            migrationBuilder.DropColumn(
                name: "ValidationReference",
                table: "Treatments");
        }
    }
}

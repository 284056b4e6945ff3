using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class Contingency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ContingencyNumbers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ClinicId = table.Column<int>(type: "INTEGER", nullable: false),
                    IssuedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IssuedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    UsedByTreatmentId = table.Column<int>(type: "INTEGER", nullable: true),
                    UsedAtUtc = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContingencyNumbers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContingencyNumbers_Clinics_ClinicId",
                        column: x => x.ClinicId,
                        principalTable: "Clinics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ContingencyRecords",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TreatmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReasonCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    ByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AtUtc = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ContingencyRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ContingencyRecords_Treatments_TreatmentId",
                        column: x => x.TreatmentId,
                        principalTable: "Treatments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SignedGuides",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TreatmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    StoredFileName = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    OriginalFileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UploadedAtUtc = table.Column<long>(type: "INTEGER", nullable: false),
                    ContingencyNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignedGuides", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignedGuides_Treatments_TreatmentId",
                        column: x => x.TreatmentId,
                        principalTable: "Treatments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Channel_Destination_CreatedAtUtc",
                table: "Deliveries",
                columns: new[] { "Channel", "Destination", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ContingencyNumbers_ClinicId",
                table: "ContingencyNumbers",
                column: "ClinicId");

            migrationBuilder.CreateIndex(
                name: "IX_ContingencyNumbers_Number",
                table: "ContingencyNumbers",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ContingencyRecords_TreatmentId",
                table: "ContingencyRecords",
                column: "TreatmentId");

            migrationBuilder.CreateIndex(
                name: "IX_SignedGuides_TreatmentId",
                table: "SignedGuides",
                column: "TreatmentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ContingencyNumbers");

            migrationBuilder.DropTable(
                name: "ContingencyRecords");

            migrationBuilder.DropTable(
                name: "SignedGuides");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Channel_Destination_CreatedAtUtc",
                table: "Deliveries");
        }
    }
}

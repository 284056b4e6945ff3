using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DentistPortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class I9_Guide_SignedGuideReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SignedGuides_TreatmentId",
                table: "SignedGuides");

            migrationBuilder.AddColumn<string>(
                name: "ReasonCode",
                table: "SignedGuides",
                type: "TEXT",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Rejection",
                table: "SignedGuides",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RejectionNote",
                table: "SignedGuides",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReviewedAtUtc",
                table: "SignedGuides",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedByName",
                table: "SignedGuides",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedByUserId",
                table: "SignedGuides",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "SignedGuides",
                type: "TEXT",
                maxLength: 12,
                nullable: false,
                defaultValue: "Accepted"); // guides registered before review existed validated their treatment at once

            migrationBuilder.AddColumn<int>(
                name: "Submission",
                table: "SignedGuides",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1); // at most one guide per treatment existed before

            migrationBuilder.AddColumn<string>(
                name: "UploadedByName",
                table: "SignedGuides",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "SignedGuideConfirmations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SignedGuideId = table.Column<int>(type: "INTEGER", nullable: false),
                    TreatmentItemId = table.Column<int>(type: "INTEGER", nullable: false),
                    PerformedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignedGuideConfirmations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SignedGuideConfirmations_SignedGuides_SignedGuideId",
                        column: x => x.SignedGuideId,
                        principalTable: "SignedGuides",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SignedGuideConfirmations_TreatmentItems_TreatmentItemId",
                        column: x => x.TreatmentItemId,
                        principalTable: "TreatmentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SignedGuides_Status",
                table: "SignedGuides",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_SignedGuides_TreatmentId_Submission",
                table: "SignedGuides",
                columns: new[] { "TreatmentId", "Submission" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SignedGuideConfirmations_SignedGuideId_TreatmentItemId",
                table: "SignedGuideConfirmations",
                columns: new[] { "SignedGuideId", "TreatmentItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SignedGuideConfirmations_TreatmentItemId",
                table: "SignedGuideConfirmations",
                column: "TreatmentItemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignedGuideConfirmations");

            migrationBuilder.DropIndex(
                name: "IX_SignedGuides_Status",
                table: "SignedGuides");

            migrationBuilder.DropIndex(
                name: "IX_SignedGuides_TreatmentId_Submission",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "ReasonCode",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "Rejection",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "RejectionNote",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "ReviewedAtUtc",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "ReviewedByName",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "ReviewedByUserId",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "Submission",
                table: "SignedGuides");

            migrationBuilder.DropColumn(
                name: "UploadedByName",
                table: "SignedGuides");

            migrationBuilder.CreateIndex(
                name: "IX_SignedGuides_TreatmentId",
                table: "SignedGuides",
                column: "TreatmentId");
        }
    }
}

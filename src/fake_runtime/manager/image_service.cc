// ImageService: thin rules around the image store (validation, absent image
// = empty answer, idempotent removal, event-log records).
#include "absl/strings/str_cat.h"
#include "fake_runtime/manager/container_manager.h"

namespace fakecri::runtime {

namespace v1 = ::runtime::v1;

absl::Status ContainerManager::ListImages(Ctx, const v1::ListImagesRequest&,
                                          v1::ListImagesResponse* resp) {
  // containerd ignores the filter and returns every image.
  for (const auto& rec : images_.List())
    ImageStore::ToProto(rec, resp->add_images());
  return absl::OkStatus();
}

absl::Status ContainerManager::ImageStatus(Ctx,
                                           const v1::ImageStatusRequest& req,
                                           v1::ImageStatusResponse* resp) {
  if (req.image().image().empty()) {
    return absl::InvalidArgumentError("image must not be empty (image.image)");
  }
  auto rec = images_.Find(req.image().image());
  if (!rec.has_value()) return absl::OkStatus();  // absent: empty response
  ImageStore::ToProto(*rec, resp->mutable_image());
  if (req.verbose())
    (*resp->mutable_info())["info"] = ImageStore::VerboseInfoJson(*rec);
  return absl::OkStatus();
}

absl::Status ContainerManager::PullImage(Ctx c, const v1::PullImageRequest& req,
                                         v1::PullImageResponse* resp) {
  const std::string& ref = req.image().image();
  if (ref.empty())
    return absl::InvalidArgumentError("image must not be empty (image.image)");
  const bool had = images_.Find(ref).has_value();
  auto id = images_.Pull(ref);
  if (!id.ok()) return id.status();
  if (!had)
    RecordTransition(c, "image", *id, "absent", "present",
                     absl::StrCat("pulled ", ref));
  resp->set_image_ref(*id);
  return absl::OkStatus();
}

absl::Status ContainerManager::RemoveImage(Ctx c,
                                           const v1::RemoveImageRequest& req,
                                           v1::RemoveImageResponse*) {
  const std::string& ref = req.image().image();
  if (ref.empty())
    return absl::InvalidArgumentError("image must not be empty (image.image)");
  auto rec = images_.Find(ref);
  if (absl::Status st = images_.Remove(ref); !st.ok()) return st;
  if (rec.has_value())
    RecordTransition(c, "image", rec->id, "present", "removed");
  return absl::OkStatus();
}

absl::Status ContainerManager::ImageFsInfo(Ctx, const v1::ImageFsInfoRequest&,
                                           v1::ImageFsInfoResponse* resp) {
  auto usage = images_.FsUsage();
  auto* fs = resp->add_image_filesystems();
  fs->set_timestamp(clock_.Now());
  fs->mutable_fs_id()->set_mountpoint(options_.image_fs_mountpoint);
  fs->mutable_used_bytes()->set_value(usage.bytes);
  fs->mutable_inodes_used()->set_value(usage.inodes);
  return absl::OkStatus();
}

}  // namespace fakecri::runtime

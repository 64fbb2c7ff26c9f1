// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag.ko: the debugfs front (hvdiag/): one file for each struct
 * hvd_file the exercises define, their handlers run one at a time; and
 * the module's load and unload. The PCI driver, which binds nothing by
 * itself, is hvdiag_claim.c's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hvdiag.h"

static char *target;
module_param(target, charp, 0444);
MODULE_PARM_DESC(target, "PCI device to exercise, DDDD:BB:DD.F");
static bool run_selftests;
module_param(run_selftests, bool, 0444);
MODULE_PARM_DESC(run_selftests, "run the built-in test suites at load, KTAP to the log");

static DEFINE_MUTEX(hvd_lock);		/* one exercise at a time */
static struct dentry *hvd_dir;

/* the files of hvdiag/, in this order */
static const struct hvd_file *const files[] = {
	&hvd_file_target, &hvd_file_pci, &hvd_file_msix, &hvd_file_mlx4,
	&hvd_file_vmbus, &hvd_file_vmbus_open, &hvd_file_selftest,
};

/* ---- debugfs files ---- */

/*
 * A write takes all of its bytes or fails. A positive status would read as
 * a short write (a shell then writes the rest again): it is a handler's
 * bug, reported as EIO rather than passed on.
 */
ssize_t hvd_write_status(int err, size_t count)
{
	if (err < 0)
		return err;
	return err ? -EIO : (ssize_t)count;
}

static int hvd_open(struct inode *inode, struct file *file)
{
	const struct hvd_file *f = inode->i_private;
	struct hvd_out *o;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	file->private_data = o;
	if (!(file->f_mode & FMODE_READ))
		return 0;
	if (mutex_lock_interruptible(&hvd_lock)) {
		kfree(o);
		return -ERESTARTSYS;
	}
	if (f->show) {
		f->show(o);
	} else {
		hvd_out_copy(o, f->last);
		if (!f->last->len)
			hvd_out_printf(o, "%s", f->idle);
	}
	mutex_unlock(&hvd_lock);
	return 0;
}

static ssize_t hvd_read(struct file *file, char __user *ubuf, size_t count,
			loff_t *ppos)
{
	struct hvd_out *o = file->private_data;

	if (!o->buf)
		return 0;
	return simple_read_from_buffer(ubuf, count, ppos, o->buf, o->len);
}

static ssize_t hvd_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	const struct hvd_file *f = file_inode(file)->i_private;
	char buf[64];
	size_t n = count;
	int err;

	if (!f->write)
		return -EPERM;
	if (count >= sizeof(buf)) {
		pr_warn("%s: input of %zu bytes is too long\n", f->name, count);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (mutex_lock_interruptible(&hvd_lock))
		return -ERESTARTSYS;
	err = f->write(buf);
	mutex_unlock(&hvd_lock);
	return hvd_write_status(err, count);
}

static int hvd_release(struct inode *inode, struct file *file)
{
	struct hvd_out *o = file->private_data;

	hvd_out_free(o);
	kfree(o);
	return 0;
}

static const struct file_operations hvd_fops = {
	.owner = THIS_MODULE,
	.open = hvd_open,
	.read = hvd_read,
	.write = hvd_write,
	.release = hvd_release,
	.llseek = default_llseek,
};

static int __init hvd_init(void)
{
	size_t i;
	int err;

	if (target) {
		err = hvd_set_target(target);
		if (err)
			return err;
	}
	err = pci_register_driver(&hvd_pci_driver);
	if (err)
		return err;
	hvd_dir = debugfs_create_dir("hvdiag", NULL);
	if (IS_ERR_OR_NULL(hvd_dir)) {
		pr_err("cannot create debugfs directory (is debugfs mounted?)\n");
		pci_unregister_driver(&hvd_pci_driver);
		return -ENODEV;
	}
	for (i = 0; i < ARRAY_SIZE(files); i++)
		debugfs_create_file(files[i]->name, files[i]->mode, hvd_dir,
				    (void *)files[i], &hvd_fops);
	if (run_selftests) {
		struct hvd_out o = { NULL, 0, 0 };
		char *line, *p;

		hvd_selftest(&o);
		for (p = o.buf; p && (line = strsep(&p, "\n")) != NULL;)
			if (*line)
				pr_info("%s\n", line);
		hvd_out_free(&o);
	}
	pr_info("loaded; debugfs hvdiag/ ready\n");
	return 0;
}

static void __exit hvd_exit(void)
{
	size_t i;

	debugfs_remove_recursive(hvd_dir);
	pci_unregister_driver(&hvd_pci_driver);
	for (i = 0; i < ARRAY_SIZE(files); i++)
		if (files[i]->last)
			hvd_out_free(files[i]->last);
	pr_info("unloaded\n");
}

module_init(hvd_init);
module_exit(hvd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V SR-IOV VF diagnostics: PCI, MSI-X and mlx4 comm-channel exercises");
MODULE_VERSION("0.1.0");
